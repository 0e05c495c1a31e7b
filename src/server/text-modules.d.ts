/** Text modules bundled into the Worker (wrangler `[[rules]] type = "Text"`). */
declare module '*.sql' {
  const text: string;
  export default text;
}
declare module '*.rules' {
  const text: string;
  export default text;
}
