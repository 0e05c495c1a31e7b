/** The part of workerd's `cloudflare:workers` module the Worker tests use (no workers-types dependency). */
declare module 'cloudflare:workers' {
  export const exports: { default: { fetch(request: Request): Promise<Response> } };
}
