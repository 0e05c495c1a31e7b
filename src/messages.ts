/**
 * @module messages
 * All wording of diagnostics, in Chinese and English: one function per error kind, returning
 * its stable code and both texts. A message is one line; advice goes in `help`; user text is
 * in backticks. Stages report through a {@link Reporter}, which picks the locale.
 */
import type { Diagnostic, Locale, Related, Severity } from './diagnostics.ts';
import type { Span } from './source.ts';

export interface Text2 {
  readonly en: string;
  readonly zh: string;
}
export interface Message {
  readonly code: string;
  readonly message: Text2;
  readonly help?: Text2;
}

const m = (code: string, en: string, zh: string, helpEn?: string, helpZh?: string): Message => ({
  code,
  message: { en, zh },
  ...(helpEn ? { help: { en: helpEn, zh: helpZh ?? helpEn } } : {}),
});
const list = (xs: readonly string[]) => xs.map((x) => `\`${x}\``).join(', ');
const zlist = (xs: readonly string[]) => xs.map((x) => `\`${x}\``).join('、');

/** `1 column`, `3 columns`. */
const counted = (n: number, noun: string) => `${n} ${noun}${n === 1 ? '' : 's'}`;

/** The message catalogue. */
export const M = {
  // syntax
  lexUnexpected: (ch: string) => m('E-SYNTAX-CHAR', `unexpected character \`${ch}\``, `无法识别的字符 \`${ch}\``,
    'remove it, or put text inside "double quotes"', '删除该字符，或把文字放在 "双引号" 中'),
  unterminatedString: () => m('E-SYNTAX-STRING', 'this string is not closed', '字符串缺少结束引号', 'add the closing `"` on the same line', '在同一行末尾补上 `"`'),
  syntax: (found: string, expected: string) => m('E-SYNTAX', `unexpected ${found}; expected ${expected}`, `此处不应出现 ${found}，应为 ${expected}`),
  /** `syntax`, where the text found is a keyword expected here run together with a name (`定义extra`). */
  syntaxNoSpace: (found: string, expected: string, keyword: string) => m('E-SYNTAX', `unexpected ${found}; expected ${expected}`, `此处不应出现 ${found}，应为 ${expected}`,
    `put a space after \`${keyword}\`: a Chinese keyword run together with the name after it reads as one name`, `请在 \`${keyword}\` 后加一个空格：中文关键字与后面的名称连在一起会被读成一个名称`),
  syntaxAfter: (op: string, expected: string) => m('E-SYNTAX', `nothing follows \`${op}\`; expected ${expected} after it`, `\`${op}\` 之后缺少内容，应为 ${expected}`, `write what comes after \`${op}\``, `请补全 \`${op}\` 之后的内容`),
  chainedComparison: (op: string) => m('E-SYNTAX', `comparisons do not chain: \`${op}\` compares the result of the comparison before it`, `比较不能连写：\`${op}\` 比较的是前一个比较的结果`, 'join the two comparisons with `and`, as in `a < b and b < c`', '用 `且` 连接两个比较，如 `a < b 且 b < c`'),
  misplacedNot: () => m('E-SYNTAX', '`not` must start a condition, not stand inside a comparison or a calculation', '`非` 只能用在条件开头，不能放在比较或运算之中', 'put the negated condition in parentheses, as in `a = (not b)`', '请把取反的条件放在括号里，如 `a = (非 b)`'),
  syntaxEnd: (expected: string) => m('E-SYNTAX', `the file ends too early; expected ${expected}`, `文件意外结束，应为 ${expected}`),
  decimalPlaces: (text: string, places: number, value: string | undefined, fixed: string) => m('E-SYNTAX-NUMBER', `\`${text}\` ${value ? `is ${value}, which has` : 'has'} more than ${places} decimal places: decimals are kept to ${places} places`, `\`${text}\` ${value ? `即 ${value}，` : ''}超过 ${places} 位小数：小数最多保留 ${places} 位`,
    `write it with at most ${places} decimal places (a percentage with ${places - 2}), e.g. \`${fixed}\``, `最多写 ${places} 位小数（百分数 ${places - 2} 位），例如 \`${fixed}\``),
  moneyPlaces: (text: string) => m('E-SYNTAX-NUMBER', `\`${text}\` has more than 2 decimal places: money is exact to the fen`, `\`${text}\` 超过两位小数：金额精确到分`,
    'write the amount in yuan with at most 2 decimal places', '金额以元为单位，最多写两位小数'),
  badDate: (text: string) => m('E-SYNTAX-DATE', `\`${text}\` is not a real calendar date`, `\`${text}\` 不是有效日期`, 'that day does not exist in the calendar (check the month and day)', '日历中没有这一天（请核对月和日）'),
  cellCount: (expected: number, found: number) => m('E-TABLE-CELLS', `this row has ${found} condition cells, the table has ${expected} columns`,
    `该行有 ${found} 个条件单元格，而决策表有 ${expected} 列`, 'each row needs one cell per `given` column, then the result', '每行需为每个 `已知` 列写一个单元格，最后一格是结果'),
  badResultCell: () => m('E-TABLE-RESULT', 'the last cell of a row must be a single value', '每行最后一格必须是单个结果值'),
  maxItemsMisplaced: (name: string, kind: string) => m('E-MAX-ITEMS', `\`max_items\` limits only list inputs: \`${name}\` is ${kind === 'input' ? 'an input but not a list' : `a ${kind}`}`,
    `\`最多\` 只能限制列表输入：\`${name}\` 是${kind === 'input' ? '输入，但不是列表' : kindZh(kind)}`, 'remove it: only the length of a list input can be limited', '请删除：只有列表输入可以限制项数'),
  duplicateAttribute: (attr: string) => m('E-ATTR-DUPLICATE', `\`${attr}\` is given twice`, `\`${attr}\` 重复出现`),

  tooDeep: (limit: number) => m('E-LIMIT-NESTING', `brackets are nested more than ${limit} levels deep`, `括号嵌套超过 ${limit} 层`, 'split the expression into several defs', '请把表达式拆成几个定义'),
  tooLong: (limit: number) => m('E-LIMIT-LENGTH', `this expression chains more than ${limit} operations`, `该表达式连续运算超过 ${limit} 次`, 'split the expression into several defs', '请把表达式拆成几个定义'),
  tooComplex: () => m('E-LIMIT', 'this rule file is too complex to compile', '该规则文件过于复杂，无法编译', 'split long or deeply nested expressions into several defs', '请把过长或嵌套过深的表达式拆成几个定义'),
  /** The compiler threw on a client's text (a bug, e.g. a stack overflow past the size limits). */
  compilerLimit: () => m('E-COMPILER-LIMIT', 'the compiler could not process this text', '编译器无法处理此文本', 'an expression may be nested too deeply or be too long; split it into several definitions', '表达式可能嵌套过深或过长，请拆分为多个定义'),

  // names
  unknownName: (name: string, suggestion?: string) => m('E-NAME-UNKNOWN', `unknown name \`${name}\``, `未定义的名称 \`${name}\``,
    suggestion ? `did you mean \`${suggestion}\`?` : 'declare it as an input, param or def', suggestion ? `是否想写 \`${suggestion}\`？` : '请先以 输入、参数 或 定义 声明它'),
  unknownType: (name: string, suggestion?: string) => m('E-TYPE-UNKNOWN', `unknown type \`${name}\``, `未定义的类型 \`${name}\``,
    suggestion ? `did you mean \`${suggestion}\`?` : 'use money, integer, decimal, bool, date, text, a declared enum, or list of …',
    suggestion ? `是否想写 \`${suggestion}\`？` : '可用类型：金额、整数、小数、布尔、日期、文本、已声明的枚举，或 列表'),
  unknownUnit: (name: string) => m('E-UNIT-UNKNOWN', `unknown unit \`${name}\``, `未定义的单位 \`${name}\``, `declare it with \`unit ${name}\``, `请先用 \`单位 ${name}\` 声明`),
  unknownFunction: (name: string, known: readonly string[]) => m('E-FN-UNKNOWN', `unknown function \`${name}\``, `未知函数 \`${name}\``,
    `available: ${list(known)}`, `可用函数：${zlist(known)}`),
  duplicateName: (name: string) => m('E-NAME-DUPLICATE', `\`${name}\` is declared twice`, `\`${name}\` 重复声明`,
    'keep one of them (a file declares, or overrides, each name once)', '只保留其中一个（一个文件中每个名称只声明或覆盖一次）'),
  reservedName: (name: string) => m('E-NAME-RESERVED', `\`${name}\` is a built-in function name`, `\`${name}\` 是内置函数名`, 'choose another name', '请换一个名称'),
  reservedIdentifier: (name: string) => m('E-NAME-RESERVED', `\`${name}\` is reserved`, `\`${name}\` 是保留名称`, 'names may not start with `__` or be one every JSON object has (`constructor`, `prototype`, `toString`, `valueOf`, `hasOwnProperty`…)', '名称不能以 `__` 开头，也不能是每个 JSON 对象都有的名称（`constructor`、`prototype`、`toString`、`valueOf`、`hasOwnProperty` 等）'),
  ambiguousMember: (name: string, enums: readonly string[]) => m('E-ENUM-AMBIGUOUS', `\`${name}\` is a member of several enums (${enums.join(', ')}) and nothing here says which`, `\`${name}\` 同时是多个枚举（${enums.join('、')}）的取值，此处无法确定是哪一个`,
    'compare it with a value of the enum you mean, e.g. `post = head`', '请与所指枚举类型的值比较，例如 `post = head`'),
  notAValue: (name: string, kind: string) => m('E-NAME-KIND', `\`${name}\` is a ${kind}, not a value`, `\`${name}\` 是${kindZh(kind)}，不是值`),
  unknownOutput: (name: string) => m('E-OUTPUT-UNKNOWN', `output \`${name}\` is not a def, table or clauses`, `输出项 \`${name}\` 不是定义、决策表或条款集`),

  // types and units
  typeMismatch: (expected: string, found: string) => m('E-TYPE-MISMATCH', `expected ${expected}, found ${found}`, `类型不符：应为 ${expected}，实为 ${found}`),
  unitMismatch: (op: string, left: string, right: string) => m('E-UNIT-MISMATCH', `cannot ${op} ${left} and ${right}`, `不能对 ${left} 与 ${right} 进行${opZh(op)}`,
    'both sides must have the same unit; divide by a rate to convert', '两边的单位必须一致'),
  operandType: (op: string, found: string) => m('E-TYPE-OPERAND', `\`${op}\` cannot be applied to ${found}`, `\`${op}\` 不能用于 ${found}`),
  enumMember: (value: string, enumName: string, members: readonly string[], suggestion?: string) => m('E-ENUM-MEMBER', `\`${value}\` is not a member of \`${enumName}\``, `\`${value}\` 不是枚举 \`${enumName}\` 的取值`,
    `${suggestion ? `did you mean \`${suggestion}\`? ` : ''}members: ${list(members)}`, `${suggestion ? `是否想写 \`${suggestion}\`？` : ''}可选值：${zlist(members)}`),
  roundDecimal: () => m('NOTE', 'this is a decimal: use floor(…), ceil(…) or round(…) to get a whole number', '此处为小数：请用 向下取整(…)、向上取整(…) 或 四舍五入(…) 取整'),
  roundToInteger: () => m('NOTE', 'a division gives a decimal: use floor(…), ceil(…) or round(…) to get a whole number', '除法得到小数：请用 向下取整(…)、向上取整(…) 或 四舍五入(…) 取整'),
  arity: (fn: string, expected: string, found: number) => m('E-FN-ARITY', `\`${fn}\` takes ${expected} arguments, found ${found}`, `\`${fn}\` 需要 ${expected} 个参数，实有 ${found} 个`),
  notConstant: (what: string) => m('E-NOT-CONSTANT', `${what} must be computed from literals and params only`, `${whatZh(what)}只能由字面值和参数计算`),
  divideByZeroLiteral: () => m('E-DIV-ZERO', 'division by zero', '除数为零', 'a divisor written as 0 gives no value: divide by something else', '除数写成 0 无法得出结果：请改用其他除数'),
  divisorIsZero: () => m('E-DIV-ZERO', 'this divisor is 0, so the definition gives no value', '此处除数为 0，该定义得不出结果', 'a param the definition always divides by must not be 0: change its value, or guard the division with `if`', '定义必然要除以的参数不能为 0：请修改其取值，或用 `如果` 排除这种情况'),
  roundStep: (fn: string) => m('E-ROUND-STEP', `the second argument of \`${fn}\` is the step to round money to, a positive amount such as 0.01 or 10`, `\`${fn}\` 的第二个参数是金额的取整单位，应为正的金额，如 0.01 或 10`),
  roundStepFen: (fn: string, step: string) => m('E-ROUND-STEP', `the step \`${step}\` of \`${fn}\` is not a whole number of fen: money is exact to the fen`, `\`${fn}\` 的取整单位 \`${step}\` 不是整分：金额精确到分`,
    'write a step of whole fen, such as 0.01, 0.05 or 10', '取整单位须为整分，如 0.01、0.05 或 10'),

  // declarations
  valueOrder: () => m('E-DATE-ORDER', 'dated values must be in increasing date order', '分时段取值须按日期递增排列'),
  rangeOutside: (name: string, value: string, range: string, from?: string) => m('E-RANGE', `\`${name}\` = ${value}${fromEn(from)} is outside its allowed range ${range}`, `\`${name}\` = ${value}${from ? fromZh(from) : ' '}超出允许范围 ${range}`),
  constraintFailed: (name: string, label: string, from?: string) => m('E-CONSTRAINT', `constraint \`${name}\` does not hold${fromEn(from)}: ${label}`, `不满足约束 \`${name}\`${fromZh(from)}：${label}`),
  cycle: (path: readonly string[]) => m('E-CYCLE', `definitions depend on themselves: ${path.map((p) => `\`${p}\``).join(' → ')}`,
    `定义之间存在循环依赖：${path.map((p) => `\`${p}\``).join(' → ')}`, 'a rule may not use its own result, directly or indirectly', '规则不能直接或间接引用自身的结果'),
  noOutputs: () => m('W-NO-OUTPUTS', 'this rule set declares no outputs', '该规则集未声明任何输出', 'add `output name, …`', '请添加 `输出 名称, …`'),
  missingCite: (name: string) => m('W-CITE-MISSING', `\`${name}\` has no citation`, `\`${name}\` 没有注明出处`, 'add `cite "CODE §…"` pointing at the policy text', '请用 `出处 "文件代码 §…"` 指向政策原文'),
  unusedName: (name: string) => m('W-UNUSED', `\`${name}\` is not used by any output`, `\`${name}\` 未被任何输出使用`, 'use it, output it, or remove it', '请使用、输出或删除它'),
  citeSource: (code: string, sources: readonly string[]) => m('W-CITE-SOURCE', `citation \`${code}\` is not a declared source`, `出处 \`${code}\` 不是已声明的文件`,
    `declared: ${list(sources)}; add \`source "${code}" "…"\` to the header`, `已声明：${zlist(sources)}；请在文件头添加 \`文件 "${code}" "…"\``),
  emptyClauses: () => m('E-CLAUSES-EMPTY', 'clauses need at least one clause', '条款集至少需要一条条款'),
  mixedClauseKeys: () => m('E-CLAUSE-KEYS', 'clause keys must be all numbers or all names', '条款编号须全为数字或全为名称'),
  duplicateClause: (key: string) => m('E-CLAUSE-DUPLICATE', `clause \`${key}\` appears twice`, `条款 \`${key}\` 重复`),
  clauseNumber: (key: string) => m('E-CLAUSE-NUMBER', `clause numbers are whole numbers, not \`${key}\` (the clause set is a list of integers); give the clause a name instead`, `条款编号须为整数，而不是 \`${key}\`（条款集是整数列表）；可改用名称`),

  // tables
  tableColumn: (name: string) => m('E-TABLE-COLUMN', `table column \`${name}\` must be an enum, bool, integer, decimal, money or date value`, `决策表列 \`${name}\` 须为枚举、布尔、数值、金额或日期`),
  tableGap: (example: string) => m('E-TABLE-GAP', `no row matches ${example}`, `没有任何行匹配 ${example}`,
    'add a row for this case, or a last row of `-` cells as a default', '为该情形增加一行，或在末行用 `-` 作为兜底'),
  tableOverlap: (a: number, b: number, example: string) => m('E-TABLE-OVERLAP', `rows ${a} and ${b} both match ${example} in a \`hit unique\` table`,
    `第 ${a} 行与第 ${b} 行同时匹配 ${example}（命中策略为唯一）`, 'narrow one of the rows, or use `hit first`', '收窄其中一行的条件，或改用 `命中 首条`'),
  tableUnreachable: (row: number, by: number) => m('E-TABLE-UNREACHABLE', `row ${row} can never match: earlier rows cover all its cases (row ${by} first)`,
    `第 ${row} 行永远不会命中：其情形已被前面的行覆盖（首先是第 ${by} 行）`, 'remove it, or move it above the rows that cover it', '删除该行，或将其移到覆盖它的行之前'),
  /** `msg` about a table as the params stand from `date` (a later period than the first). */
  fromDate: (msg: Message, date: string): Message => ({ ...msg, message: { en: `${msg.message.en} (from ${date}, with the params in force then)`, zh: `${msg.message.zh}（自 ${date} 起，按届时的参数）` } }),
  tableTooLarge: (cases: number) => m('W-TABLE-LARGE', `table has ${cases} distinct cases; gap and overlap checks were skipped`, `决策表有 ${cases} 种情形，已跳过缺口与重叠检查`),

  rulesetDuplicate: (id: string, other: string) => m('E-RULESET-DUPLICATE', `rule set \`${id}\` is also declared in \`${other}\``, `规则集 \`${id}\` 也在 \`${other}\` 中声明`,
    'rule sets are found by id, so each id belongs to one file: give one of them another id (and the file the same name)', '规则集按编号查找，每个编号只能属于一个文件：请给其中一个换一个编号（文件名随之改为相同的名字）'),
  rulesetFileName: (file: string, id: string) => m('W-RULESET-FILE-NAME', `\`${file}\` declares rule set \`${id}\`, but \`extends ${id}\` looks for \`${id}.rules\``, `\`${file}\` 声明的是规则集 \`${id}\`，而 \`继承 ${id}\` 查找的是 \`${id}.rules\``,
    `keep the file name equal to the id: rename the file to \`${id}.rules\`, or change the id`, `文件名请与编号保持一致：把文件改名为 \`${id}.rules\`，或修改编号`),

  // forks
  baseNotFound: (id: string) => m('E-BASE-UNKNOWN', `base rule set \`${id}\` was not found`, `找不到上级规则集 \`${id}\``),
  extendsCycle: (path: readonly string[]) => m('E-BASE-CYCLE', `rule sets extend each other: ${path.join(' → ')}`, `规则集之间循环继承：${path.join(' → ')}`),
  overrideMissing: (name: string, suggestion?: string) => m('E-OVERRIDE-MISSING', `\`${name}\` is marked override but the base has no such declaration`, `\`${name}\` 标注了覆盖，但上级规则集中没有该声明`,
    suggestion ? `did you mean \`${suggestion}\`?` : undefined, suggestion ? `是否想写 \`${suggestion}\`？` : undefined),
  overrideNeeded: (name: string) => m('E-OVERRIDE-NEEDED', `\`${name}\` is already declared by the base rule set`, `\`${name}\` 已在上级规则集中声明`,
    'write `override` to replace it (if the base allows), or choose another name', '如需替换请写 `覆盖`（须上级允许），否则请换名称'),
  overrideForbidden: (name: string, kind: string) => m('E-OVERRIDE-FORBIDDEN', `the base rule set does not allow forks to change ${kind} \`${name}\``,
    `上级规则集不允许派生规则集修改${kindZh(kind)} \`${name}\``, 'only params and declarations marked `open` may be overridden', '只能覆盖参数和标注 `可调` 的声明'),
  overrideKind: (name: string, was: string, now: string) => m('E-OVERRIDE-KIND', `\`${name}\` is a ${was} in the base and cannot become a ${now}`, `\`${name}\` 在上级中是${kindZh(was)}，不能改为${kindZh(now)}`),
  overrideType: (name: string, was: string, now: string) => m('E-OVERRIDE-TYPE', `\`${name}\` has type ${was} in the base; the override has ${now}`, `\`${name}\` 在上级中类型为 ${was}，覆盖后为 ${now}`),
  forkRange: (name: string, value: string, range: string, cite?: string, from?: string) => m('E-FORK-RANGE', `\`${name}\` = ${value}${fromEn(from)} is outside the base's allowed range ${range}${cite ? ` (${cite})` : ''}`,
    `\`${name}\` = ${value}${from ? fromZh(from) : ' '}超出上级规定的范围 ${range}${cite ? `（${cite}）` : ''}`, 'the base rule set fixes this limit; choose a value inside it', '该范围由上级规则集规定，请在范围内取值'),
  forkConstraint: (name: string, label: string, cite?: string, from?: string) => m('E-FORK-CONSTRAINT', `this fork breaks the base's constraint \`${name}\`${fromEn(from)}: ${label}${cite ? ` (${cite})` : ''}`,
    `本派生规则集违反上级约束 \`${name}\`${fromZh(from)}：${label}${cite ? `（${cite}）` : ''}`),
  removeMissing: (name: string) => m('E-REMOVE-MISSING', `cannot remove \`${name}\`: the base has no such item`, `无法删除 \`${name}\`：上级中没有该事项`),
  removeItemOutside: (name: string) => m('E-REMOVE-DECL', `\`remove item ${name}\` belongs inside the list it removes from`, `\`删除 事项 ${name}\` 应写在所属清单之内`, `write it as \`override list <name> { remove item ${name} }\``, `请写作 \`覆盖 清单 <名称> { 删除 事项 ${name} }\``),
  removeExample: (name: string) => m('E-REMOVE-DECL', `examples cannot be removed ("${name}")`, `不能删除示例 "${name}"`, `restate it with this rule set's values: \`override example "${name}" { … }\``, `请按本规则集的取值重写：\`覆盖 示例 "${name}" { … }\``),
  sourceRetitled: (code: string, title: string) => m('W-SOURCE-RETITLED', `source \`${code}\` is already declared by a base as "${title}"; this title is ignored`, `文件 \`${code}\` 已由上级声明为"${title}"，此处的标题不起作用`, 'use a new code for another document, or leave the line out to cite the base\'s', '另一份文件请用新的代号；引用上级的文件则无需重复声明'),
  sourceDuplicate: (code: string) => m('E-SOURCE-DUPLICATE', `source \`${code}\` is declared twice`, `文件 \`${code}\` 重复声明`, 'keep one of them (a code names one document); give another document its own code', '只保留其中一个（一个代号对应一份文件）；另一份文件请用新的代号'),
  removeClause: (key: string) => m('E-REMOVE-DECL', `a clause cannot be removed on its own (\`clause ${key}\`)`, `不能单独删除条款 \`${key}\``, 'override the clause set (it must be marked `open`) and leave the clause out: `override clauses <name> …`', '请覆盖整个条款集（须标记为 `可调`）并略去该条款：`覆盖 条款集 <名称> ……`'),
  removeDecl: (name: string) => m('E-REMOVE-DECL', `declarations cannot be removed (\`${name}\`); only list items can`, `不能删除声明 \`${name}\`，只能删除清单事项`),

  // examples and evaluation
  valueOutOfRange: (name: string, value: string, range: string, cite?: string) => m('E-EVAL-RANGE', `\`${name}\` = ${value} is outside its allowed range ${range}${cite ? ` (${cite})` : ''}`, `\`${name}\` = ${value} 超出允许范围 ${range}${cite ? `（${cite}）` : ''}`, 'the rules compute a value their own range does not allow: correct the rule that computes it, or the range', '规则算出的值超出了其声明的范围：请修改计算它的规则或该范围'),
  divisionByZero: (target: string) => m('E-EVAL-DIV-ZERO', `\`${target}\` divides by zero for these inputs`, `\`${target}\` 对这些输入出现了除以零`,
    'the rules divide by a value that is 0 here: guard the division with `if … then … otherwise`, or declare a range for the divisor that excludes 0', '规则在此处除以了值为 0 的量：请用 `如果 … 则 … 否则` 排除这种情况，或为除数声明不含 0 的范围'),
  /** An integer the rules computed past the safe integers (so not exact), e.g. a sum of two large inputs. */
  integerNotExact: (name: string, value: string) => m('E-EVAL-RANGE', `\`${name}\` = ${value} is not exact: integers are computed exactly only within -${Number.MAX_SAFE_INTEGER}..${Number.MAX_SAFE_INTEGER}`,
    `\`${name}\` = ${value} 不精确：整数只在 -${Number.MAX_SAFE_INTEGER}..${Number.MAX_SAFE_INTEGER} 范围内能精确计算`,
    'the rules compute an integer too large to be exact: bound it, or the inputs it comes from, with a range', '规则算出的整数过大，无法精确表示：请为它或它所依据的输入声明范围'),
  /** An amount the rules computed past 2^53 fen (so not exact to the fen). */
  moneyNotExact: (name: string, value: string) => m('E-EVAL-RANGE', `\`${name}\` = ${value} is not exact: amounts are computed exactly to the fen only within ±${Number.MAX_SAFE_INTEGER / 100} yuan`,
    `\`${name}\` = ${value} 不精确：金额只在 ±${Number.MAX_SAFE_INTEGER / 100} 元以内能精确到分`,
    'the rules compute an amount too large to be exact: bound it, or the inputs it comes from, with a range', '规则算出的金额过大，无法精确到分：请为它或它所依据的输入声明范围'),
  noRule: (code: string, target: string) => m(code, `no rule of \`${target}\` applies to these inputs`, `\`${target}\` 对这些输入没有适用的规则`),
  unknownOutputRequested: (name: string, suggestion?: string) => m('E-OUTPUT-UNKNOWN', `unknown output \`${name}\`${suggestion ? `; did you mean \`${suggestion}\`?` : ''}`, `未知的输出项 \`${name}\`${suggestion ? `，是否想写 \`${suggestion}\`？` : ''}`),

  inputMissing: (name: string, expected: Text2) => m('E-INPUT-MISSING', `missing input \`${name}\`: expected ${expected.en}`, `缺少输入 \`${name}\`，应为${expected.zh}`),
  /** A value of the wrong type, or (`outOfRange`) of the right type outside its range, set or length. */
  inputInvalid: (name: string, got: string, expected: Text2, outOfRange: boolean) => m(outOfRange ? 'E-INPUT-RANGE' : 'E-INPUT-TYPE', `input \`${name}\` = ${got} is invalid: expected ${expected.en}`, `输入 \`${name}\` 的值 ${got} 无效，应为${expected.zh}`),
  inputNotObject: () => m('E-INPUT-OBJECT', 'input must be a JSON object', '输入必须是 JSON 对象'),
  /** A number with digits below what its type keeps (money: the fen); never rounded. */
  inputPlaces: (name: string, got: string, places: number, expected: Text2) => m('E-INPUT-TYPE', `input \`${name}\` = ${got} has more than ${places} decimal places: expected ${expected.en}`, `输入 \`${name}\` 的值 ${got} 超过 ${places} 位小数，应为${expected.zh}`),
  inputUnknown: (name: string, suggestion?: string) => m('E-INPUT-UNKNOWN', `unknown input \`${name}\`${suggestion ? `; did you mean \`${suggestion}\`?` : ''}`, `未知的输入项 \`${name}\`${suggestion ? `，是否想写 \`${suggestion}\`？` : ''}`),
  /** An integer JSON cannot carry exactly (9007199254740993 arrives as …992); `expected` is the type with its safe range. */
  inputUnsafeInteger: (name: string, got: string, expected: Text2) => m('E-INPUT-RANGE', `input \`${name}\` = ${got} is invalid: expected ${expected.en} (${NOT_EXACT.en})`,
    `输入 \`${name}\` 的值 ${got} 无效，应为${expected.zh}（${NOT_EXACT.zh}）`),
  /** A batch record or table row whose evaluation threw (a bug): the others still get their answers. */
  recordInternal: () => m('E-INTERNAL', 'internal error: this record could not be evaluated', '内部错误：无法评估此记录'),
  inputsUnknownMore: (n: number) => m('E-INPUT-UNKNOWN', `and ${counted(n, 'more unknown input')}`, `另有 ${n} 个未知的输入项`),

  // tables of input rows (the batch's tabular form)
  columnUnknown: (name: string, suggestion?: string) => m('E-COLUMN-UNKNOWN', `column \`${name}\` is not an input of this rule set${suggestion ? `; did you mean \`${suggestion}\`?` : ''}`, `列 \`${name}\` 不是本规则集的输入项${suggestion ? `，是否想写 \`${suggestion}\`？` : ''}`),
  columnRepeated: (name: string) => m('E-COLUMN-REPEATED', `column \`${name}\` appears more than once`, `列 \`${name}\` 出现了不止一次`),
  columnMissing: (names: readonly string[]) => m('E-COLUMN-MISSING', `no column for ${names.length === 1 ? 'the input' : 'the inputs'} ${list(names)}: the outputs asked for need ${names.length === 1 ? 'it' : 'them'}`, `缺少列 ${zlist(names)}：所求的输出需要这些输入`),
  rowNotArray: (width: number) => m('E-ROW-ARRAY', `a row must be a JSON array with one value per column (${counted(width, 'column')})`, `每行必须是 JSON 数组，按列给出 ${width} 个值`),
  rowWidth: (got: number, width: number) => m('E-ROW-LENGTH', `this row has ${counted(got, 'value')}; the table has ${counted(width, 'column')}`, `此行有 ${got} 个值，而表有 ${width} 列`),

  // streams of records (NDJSON: one JSON text per line)
  lineTooLong: (max: number) => m('E-LINE-LENGTH', `this line is longer than ${max} characters; it was not read`, `此行超过 ${max} 个字符，未予读取`),
  lineNotJson: (reason: string, reasonZh: string) => m('E-LINE-JSON', `this line is not valid JSON: ${reason}`, `此行不是有效的 JSON：${reasonZh}`),
  lineNotUtf8: () => m('E-LINE-UTF8', 'this line is not valid UTF-8: it has bytes that are not UTF-8, or U+FFFD, the character that replaces them', '此行不是有效的 UTF-8：含有不符合 UTF-8 的字节，或替代这类字节的字符 U+FFFD'),
  lineForbiddenKey: (key: string) => m('E-LINE-KEY', `the key \`${key}\` is not allowed anywhere in a record`, `记录中任何位置都不允许使用键名 \`${key}\``),
  streamNoHeader: () => m('E-STREAM-HEADER', 'the first line must be a JSON object: `{columns?, outputs?, as_of?, version?}`', '第一行必须是 JSON 对象：`{columns?, outputs?, as_of?, version?}`'),

  // API requests (the envelope around inputs)
  requestNotObject: (where: string) => m('E-REQUEST-OBJECT', `the ${where} must be a JSON object`, `${where === 'body' ? '请求体' : '查询参数'}必须是 JSON 对象`),
  requestUnknownField: (field: string, suggestion?: string) => m('E-REQUEST-UNKNOWN', `unknown field \`${field}\`${suggestion ? `; did you mean \`${suggestion}\`?` : ''}`, `未知字段 \`${field}\`${suggestion ? `，是否想写 \`${suggestion}\`？` : ''}`),
  requestUnknownFieldsMore: (n: number) => m('E-REQUEST-UNKNOWN', `and ${counted(n, 'more unknown field')}`, `另有 ${n} 个未知字段`),
  requestMissingField: (field: string) => m('E-REQUEST-MISSING', `missing field \`${field}\``, `缺少字段 \`${field}\``),
  requestTooMany: (field: string, max: number, got: number) => m('E-REQUEST-INVALID', `field \`${field}\` has ${got} items; at most ${max} are allowed`, `字段 \`${field}\` 有 ${got} 项，最多允许 ${max} 项`),
  requestInvalid: (field: string, got: string, what: Text2) => m('E-REQUEST-INVALID', `field \`${field}\` = ${got} is invalid: ${what.en}`, `字段 \`${field}\` 的值 ${got} 无效：${what.zh}`),
  requestInvalidKey: (field: string, key: string, what: Text2) => m('E-REQUEST-INVALID', `key \`${key}\` in \`${field}\` is invalid: ${what.en}`, `字段 \`${field}\` 中的键 \`${key}\` 无效：${what.zh}`),
  badAsOf: () => m('E-INPUT-TYPE', 'as_of must be a date YYYY-MM-DD', 'as_of 应为日期 YYYY-MM-DD'),
  exampleRepeated: (name: string, given: boolean) => m('E-EXAMPLE-REPEATED', given ? `\`${name}\` is given twice in this example` : `\`${name}\` is expected twice in this example`, given ? `此示例的已知中 \`${name}\` 出现了两次` : `此示例的预期中 \`${name}\` 出现了两次`, 'keep one: an example has one value per name (write another example for another value)', '只保留一个：一个示例中每个名称只有一个值（另一个取值请另写一个示例）'),
  exampleUnknown: (name: string, givenInputs: boolean, suggestion?: string) => m('E-EXAMPLE-NAME', `\`${name}\` is not ${givenInputs ? 'an input' : 'an output'} of this rule set`, `\`${name}\` 不是本规则集的${givenInputs ? '输入' : '输出'}`,
    suggestion ? `did you mean \`${suggestion}\`?` : givenInputs ? '`given` names inputs' : '`expect` names computed values', suggestion ? `是否想写 \`${suggestion}\`？` : givenInputs ? '`已知` 后写输入项' : '`预期` 后写计算得出的值'),
  exampleOverrideMissing: (name: string) => m('E-EXAMPLE-OVERRIDE', `example "${name}" is marked override but no base example has that name`, `示例 "${name}" 标注了覆盖，但上级没有同名示例`),
  exampleDuplicate: (name: string) => m('E-EXAMPLE-DUPLICATE', `example "${name}" is declared twice`, `示例 "${name}" 重复`, 'in a fork, write `override example` to change an inherited one', '在派生规则集中用 `覆盖 示例` 修改继承的示例'),
  exampleFailed: (name: string, problem: string) => m('E-EXAMPLE-FAILED', `example "${name}" does not hold: ${problem}`, `示例 "${name}" 不成立：${problem}`,
    'fix the rules or the expected values; in a fork, `override example` an inherited example the city deliberately changes',
    '请修改规则或预期值；派生规则集中，如有意改变继承的示例，请用 `覆盖 示例`'),
} as const;

const fromEn = (from?: string) => (from ? ` (from ${from})` : '');
const fromZh = (from?: string) => (from ? `（自 ${from} 起）` : '');

function kindZh(kind: string): string {
  return ({ param: '参数', def: '定义', table: '决策表', clauses: '条款集', list: '清单', enum: '枚举', unit: '单位', input: '输入', constraint: '约束' } as Record<string, string>)[kind] ?? kind;
}
function opZh(op: string): string {
  return ({ add: '加法', subtract: '减法', compare: '比较', multiply: '乘法', divide: '除法', choose: '取值' } as Record<string, string>)[op] ?? op;
}
function whatZh(what: string): string {
  return ({ 'a range bound': '范围边界', 'a table cell': '决策表单元格', 'a constraint': '约束', 'a param value': '参数值' } as Record<string, string>)[what] ?? what;
}

/** Collects diagnostics in one locale. */
export class Reporter {
  readonly diagnostics: Diagnostic[] = [];
  readonly locale: Locale;
  constructor(locale: Locale = 'en') {
    this.locale = locale;
  }

  report(severity: Severity, span: Span, msg: Message, related?: readonly { span: Span; message: Message }[]): void {
    const d: Diagnostic = {
      code: msg.code,
      severity,
      message: msg.message[this.locale],
      ...(msg.help ? { help: msg.help[this.locale] } : {}),
      span,
      ...(related?.length ? { related: related.map((r): Related => ({ span: r.span, message: r.message.message[this.locale] })) } : {}),
    };
    this.diagnostics.push(d);
  }
  error(span: Span, msg: Message, related?: readonly { span: Span; message: Message }[]): void {
    this.report('error', span, msg, related);
  }
  warning(span: Span, msg: Message): void {
    this.report('warning', span, msg);
  }
}

const t = (en: string, zh: string): Text2 => ({ en, zh });

/** Why an integer outside the safe range is refused, after that range (an input's or a request field's). */
const NOT_EXACT = t('integers beyond these are not exact in JSON', '超出此范围的整数在 JSON 中无法精确表示');

/** ` 16..80`, ` ≥ 0`, ` ≤ 5`, or nothing: a declared range after the type it bounds. */
const range = (min?: number, max?: number) =>
  min !== undefined && max !== undefined ? ` ${min}..${max}` : min !== undefined ? ` ≥ ${min}` : max !== undefined ? ` ≤ ${max}` : '';

/**
 * What an input value must be, in words; src/schema puts them together by field type.
 * @example Accepts.integer({ unit: 'year', unitLabel: '年', min: 16, max: 80 }).zh // '整数（年）16..80'
 */
export const Accepts = {
  /** An amount, its bounds in yuan. */
  money: (min?: number, max?: number) => t(`an amount in yuan with at most 2 decimals${range(min, max)}`, `金额（元，最多两位小数）${range(min, max).trimStart()}`),
  integer: (n: NumberShape) => numberText(t('an integer', '整数'), n),
  /** A decimal, kept to `places` decimal places (those a rate multiplying money keeps). */
  decimal: (n: NumberShape, places: number) => {
    const w = numberText(t('a number', '数字'), n);
    return t(`${w.en}, at most ${places} decimal places`, `${w.zh}，最多 ${places} 位小数`);
  },
  bool: () => t('true or false', 'true 或 false'),
  date: () => t('a date YYYY-MM-DD', '日期 YYYY-MM-DD'),
  text: (maxChars: number) => t(`text of at most ${maxChars} characters`, `文本（最多 ${maxChars} 个字符）`),
  oneOf: (values: readonly (string | number)[]) => oneOf(values.map(String)),
  /** An enum's members as sent (codes), each with its label: `head (书记)`. */
  members: (codes: readonly string[], labels: Readonly<Record<string, string>>) => {
    // Own labels only: a member may be called `constructor` or `toString`.
    const label = (c: string) => (Object.hasOwn(labels, c) ? labels[c] : undefined);
    return t(`one of ${codes.map((c) => (label(c) ? `${c} (${label(c)})` : c)).join(', ')}`, `其中之一：${codes.map((c) => (label(c) ? `${c}（${label(c)}）` : c)).join(', ')}`);
  },
  list: (maxItems: number | undefined, each: Text2) => maxItems === undefined ? t(`a list, each ${each.en}`, `列表，每项为${each.zh}`) : t(`a list of at most ${maxItems} items, each ${each.en}`, `列表（最多 ${maxItems} 项），每项为${each.zh}`),
  object: () => t('a JSON object', 'JSON 对象'),
} as const;

/** A number type: its unit (and the unit's Chinese label) and its declared range. */
export interface NumberShape {
  readonly unit?: string;
  readonly unitLabel?: string;
  readonly min?: number;
  readonly max?: number;
}

/**
 * A number type with its unit and range: the unit as the rules write it (`an integer[year]
 * 16..80`), in Chinese by its label where it has one (`整数（年）16..80`).
 */
function numberText(word: Text2, n: NumberShape): Text2 {
  const bounds = range(n.min, n.max);
  if (!n.unit) return t(word.en + bounds, word.zh + bounds);
  return t(`${word.en}[${n.unit}]${bounds}`, n.unitLabel ? `${word.zh}（${n.unitLabel}）${bounds.trimStart()}` : `${word.zh}[${n.unit}]${bounds}`);
}

/**
 * The API's own request rules, in both languages (valibot's defaults are English only). The
 * server's schemas give valibot the English text as the rule's message; {@link requestRuleText}
 * finds the Chinese by it.
 */
export const RequestRule = {
  id: t('a lower-case id such as `jilin-example`', '小写标识，例如 `jilin-example`'),
  date: t('a date YYYY-MM-DD', '日期，格式为 YYYY-MM-DD'),
  positiveInteger: t('a positive integer', '正整数'),
  /** A version number in a body: the positive integers JSON carries exactly. */
  versionNumber: t(`an integer 1..${Number.MAX_SAFE_INTEGER}`, `整数 1..${Number.MAX_SAFE_INTEGER}`),
  inputObject: t('an object of input values', '输入值对象（JSON 对象，键为输入名）'),
  rulesById: t('an object of rule texts by rule set id', '对象（JSON 对象），键为规则集标识，值为规则文本'),
  language: t('a language: zh or en, or a tag such as zh-CN or en-US', '语言：zh 或 en，或 zh-CN、en-US 等语言标记'),
} as const;

const REQUEST_RULE_ZH: ReadonlyMap<string, string> = new Map(Object.values(RequestRule).map((r) => [r.en, r.zh]));

/** What a request list of too many items expects (`at most 500 items`). */
export const atMostItems = (max: number) => t(`at most ${max} items`, `最多 ${max} 项`);

/**
 * What a failed request rule expects, in both languages, from a valibot validation issue's
 * type, requirement and (English) message. Every English text starts with "expected".
 */
export function requestRuleText(type: string, requirement: unknown, message: string): Text2 {
  switch (type) {
    case 'max_length': return { en: `expected at most ${requirement} characters`, zh: `不能超过 ${requirement} 个字符` };
    case 'min_value': return { en: `expected at least ${requirement}`, zh: `不能小于 ${requirement}` };
    case 'max_value': return { en: `expected at most ${requirement}`, zh: `不能大于 ${requirement}` };
    case 'integer': return { en: 'expected an integer', zh: '应为整数' };
  }
  const zh = REQUEST_RULE_ZH.get(message);
  // Worded as an input's: the safe range, then why (its `expected` is the range alone).
  if (type === 'safe_integer' && zh) return { en: `expected ${message} (${NOT_EXACT.en})`, zh: `应为${zh}（${NOT_EXACT.zh}）` };
  return zh ? { en: `expected ${message}`, zh: `应为${zh}` } : { en: message, zh: message };
}

/**
 * What a name must be when it is not one of these (an unknown input or request field).
 * @example oneOf(['input', 'outputs']).en // 'one of input, outputs'
 */
export function oneOf(names: readonly string[]): Text2 {
  return { en: `one of ${names.join(', ')}`, zh: `其中之一：${names.join(', ')}` };
}

/**
 * What a request rule's text ({@link requestRuleText}, {@link requestTypeText}) says is
 * expected, without its lead word: the `expected` of a field error.
 * @example expectedOf(requestTypeText('Array')).en // 'a list (JSON array)'
 */
export function expectedOf(what: Text2): Text2 {
  return { en: what.en.replace(/^expected /, '').replace(` (${NOT_EXACT.en})`, ''), zh: what.zh.replace(/^应为\s*/, '').replace(`（${NOT_EXACT.zh}）`, '') };
}

/** valibot's names of JSON types, worded for people. */
const TYPE_WORDS: Readonly<Record<string, Text2>> = {
  Array: { en: 'a list (JSON array)', zh: '列表（JSON 数组）' },
  Object: { en: 'an object', zh: '对象（JSON 对象）' },
  string: { en: 'a string', zh: '字符串' },
  number: { en: 'a number', zh: '数字' },
  boolean: { en: 'true or false', zh: '布尔值（true 或 false）' },
  null: { en: 'null', zh: '空值（null）' },
};

/**
 * What a request value of the wrong type should have been, in both languages, from valibot's
 * `expected` (`Array`, `("a" | "b")`, `string | number`).
 * @example requestTypeText('Array').zh // '应为列表（JSON 数组）'
 */
export function requestTypeText(expected: string): Text2 {
  const parts = expected.replace(/^\((.*)\)$/, '$1').split(' | ');
  if (parts.every((p) => TYPE_WORDS[p])) {
    const words = parts.map((p) => TYPE_WORDS[p]!);
    return { en: `expected ${words.map((w) => w.en).join(' or ')}`, zh: `应为${words.map((w) => w.zh).join('或')}` };
  }
  if (parts.length > 1 && parts.every((p) => /^".*"$/.test(p))) {
    const members = parts.map((p) => p.slice(1, -1)).join(', ');
    return { en: `expected one of ${members}`, zh: `应为其中之一：${members}` };
  }
  return { en: `expected ${expected}`, zh: `应为 ${expected}` };
}

/** The labels of a rendered diagnostic (`error[E-…]`, `= help:`, `= note:`). */
export const LABELS: Readonly<Record<Locale, { readonly error: string; readonly warning: string; readonly help: string; readonly note: string }>> = {
  en: { error: 'error', warning: 'warning', help: 'help', note: 'note' },
  zh: { error: '错误', warning: '警告', help: '提示', note: '参见' },
};

/** One step in the history of a difference: which rule set of the chain added, overrode, changed or removed it. */
export interface DiffEvent {
  readonly what: 'new' | 'overridden' | 'changed' | 'removed';
  readonly by: string;
}

const EVENT: Readonly<Record<DiffEvent['what'], Text2>> = {
  new: t('new in', '新增'),
  overridden: t('overridden in', '覆盖'),
  changed: t('changed in', '修改'),
  removed: t('removed in', '删除'),
};

/**
 * The wording of `rules diff`: the lines of its report and its refusals. Keywords (`param`,
 * `title`, …) stay as written in rule files; what is said about them is in both languages.
 * @example DiffText.history([{ what: 'new', by: 'jilin' }, { what: 'overridden', by: 'cc' }]).en // 'new in jilin; overridden in cc'
 */
export const DiffText = {
  heading: (fork: string, base: string, via: readonly string[]) => t(`${fork} compared with ${base}${via.length ? ` (through ${via.join(', ')})` : ''}`,
    `${fork} 与 ${base} 的差异${via.length ? `（经由 ${via.join('、')}）` : ''}`),
  none: () => t('(no differences)', '（没有差异）'),
  /** `new in jilin; overridden in a, b` — consecutive steps of one kind are joined. */
  history: (events: readonly DiffEvent[]) => {
    const runs: { what: DiffEvent['what']; by: string[] }[] = [];
    for (const e of events) {
      const last = runs.at(-1);
      if (last?.what === e.what) last.by.push(e.by);
      else runs.push({ what: e.what, by: [e.by] });
    }
    return t(runs.map((r) => `${EVENT[r.what].en} ${r.by.join(', ')}`).join('; '), runs.map((r) => `${r.by.join('、')} ${EVENT[r.what].zh}`).join('；'));
  },
  cite: (cite: string) => t(`cite ${cite}`, `出处 ${cite}`),
  notIn: (id: string) => t(`not in ${id}`, `${id} 中没有`),
  /** A refusal: `base` is neither `fork` nor one of the rule sets `fork` extends. */
  notABase: (base: string, fork: string, chain: readonly string[]) => t(
    `\`${base}\` is not a base of \`${fork}\`; diff compares a fork with a rule set it extends (${[...chain].reverse().join(' → ')})`,
    `\`${base}\` 不是 \`${fork}\` 的上级规则集；diff 只对比派生规则集与它所继承的规则集（${[...chain].reverse().join(' → ')}）`),
  nameABase: (bases: readonly string[]) => bases.length
    ? t(`name one of its bases (${bases.join(', ')}), or leave the base out to compare with \`${bases[0]}\``, `请指定它的上级之一（${bases.join('、')}），或省略上级，与 \`${bases[0]}\` 对比`)
    : t('it extends nothing, so there is no base to compare it with', '它没有继承任何规则集，没有可对比的上级'),
  swapped: (fork: string, base: string) => t(`\`${base}\` extends \`${fork}\`: did you mean \`rules diff ${base} ${fork}\`?`, `\`${base}\` 继承自 \`${fork}\`，是否想写 \`rules diff ${base} ${fork}\`？`),
  sameRuleSet: (id: string) => t(`\`${id}\` is the fork itself; diff compares a fork with a rule set it extends`, `\`${id}\` 就是派生规则集本身；diff 只对比派生规则集与它所继承的规则集`),
  /** A refusal: the file given as the base has the base's id but not the text the fork extends. */
  otherVersion: (given: string, id: string, fork: string, file: string) => t(`\`${given}\` is not the \`${id}\` that \`${fork}\` extends (${file})`,
    `\`${given}\` 不是 \`${fork}\` 所继承的 \`${id}\`（${file}）`),
  ruleSetNotFound: (spec: string) => t(`no rule set \`${spec}\``, `找不到规则集 \`${spec}\``),
  extendsNothing: (id: string) => t(`\`${id}\` extends nothing, so there is no base to compare it with`, `\`${id}\` 没有继承任何规则集，没有可对比的上级`),
} as const;

/**
 * The wording of a failing example's problems (`rules test`, E-EXAMPLE-FAILED): one per result.
 * @example ExampleText.error('grade', '`grade` = 20 超出允许范围 1..7').zh // 'grade：`grade` = 20 超出允许范围 1..7'
 */
export const ExampleText = {
  /** The result could not be computed: the evaluation error, already in the locale asked for. */
  error: (field: string, message: string) => t(`${field}: ${message}`, `${field}：${message}`),
  mismatch: (field: string, want: Text2, got: Text2) => t(`${field}: expected ${want.en}, got ${got.en}`, `${field}：预期 ${want.zh}，实际 ${got.zh}`),
  disagree: (closures: string, jsonLogic: string) => t(`backends disagree: closures ${closures}, json-logic ${jsonLogic}`, `两个后端结果不一致：closures ${closures}，json-logic ${jsonLogic}`),
} as const;

/** The wording of the `rules` command's own refusals. */
export const CliText = {
  usage: t(`usage: rules <command> [options]

commands:
  check <paths…>                       check rule files; exit 1 on errors
  test <paths…>                        run every example through both backends
  eval <ruleset> --input <file|->      evaluate; prints JSON
       [--outputs a,b] [--as-of YYYY-MM-DD] [--explain]
  fmt [--check] [--zh|--en] <paths…>   format rule files in place (or check formatting)
  compile <ruleset> --target json-logic|json-schema
  diff <fork> [<base>]                 what a fork changes relative to its base
  token --tenant <id> --role <role>    issue an API token into the service database

options:
  --rules <dir>     where rule sets are found by id (default: rules)
  --lang zh|en      language of messages, also as a tag (zh-CN, en-US); default: from
                    LC_ALL, LC_MESSAGES or LANG, else en`, `用法：rules <命令> [选项]

命令：
  check <路径…>                        检查规则文件；有错误时退出码为 1
  test <路径…>                         用两个后端运行每个示例
  eval <规则集> --input <文件|->       计算；输出 JSON
       [--outputs a,b] [--as-of YYYY-MM-DD] [--explain]
  fmt [--check] [--zh|--en] <路径…>    就地格式化规则文件（或只检查格式）
  compile <规则集> --target json-logic|json-schema
  diff <派生规则集> [<上级>]           派生规则集相对上级的改动
  token --tenant <编号> --role <角色>  向服务数据库签发 API 令牌

选项：
  --rules <目录>    按编号查找规则集的目录（默认：rules）
  --lang zh|en      消息语言，也可写语言标记（zh-CN、en-US）；默认取自
                    LC_ALL、LC_MESSAGES 或 LANG，都未设置时为 en`),
  unknownCommand: (command: string) => t(`unknown command \`${command}\``, `未知命令 \`${command}\``),
  /** A required argument left out: `paths`, `rule set` or `fork`. */
  missing: (what: 'paths' | 'rule set' | 'fork') => t(`missing ${what}`, `缺少${({ paths: '路径', 'rule set': '规则集', fork: '派生规则集' } as const)[what]}`),
  inputRequired: () => t('--input <file|-> is required', '必须给出 --input <文件|->'),
  badTarget: () => t('--target must be json-logic or json-schema', '--target 应为 json-logic 或 json-schema'),
  tokenUsage: t(`usage: rules token --tenant <id|*> --role viewer|editor|publisher|admin [--label <text>] [--database <url>]

Issues an API token into the service database (default: $DATABASE_URL, else file:data/rules.db)
and prints it once. A tenant is a jurisdiction id such as jilin or jilin-example; * is every tenant.`, `用法：rules token --tenant <编号|*> --role viewer|editor|publisher|admin [--label <说明>] [--database <地址>]

向服务数据库签发一个 API 令牌（默认 $DATABASE_URL，未设置时为 file:data/rules.db），只显示这一次。
租户是辖区编号，如 jilin 或 jilin-example；* 表示所有租户。`),
  tokenBadTenant: () => t('--tenant must be a jurisdiction id such as `jilin` (or `*`)', '--tenant 应为辖区编号，如 `jilin`（或 `*`）'),
  tokenBadRole: (roles: readonly string[]) => t(`--role must be one of ${roles.join(', ')}`, `--role 应为 ${roles.join('、')} 之一`),
  tokenIssued: (id: string, tenant: string, role: string, label: string | undefined) =>
    t(`issued ${id}: tenant ${tenant}, role ${role}${label ? `, label ${label}` : ''} (shown once; only its hash is stored)`, `已签发 ${id}：租户 ${tenant}，角色 ${role}${label ? `，说明 ${label}` : ''}（只显示这一次；只保存其哈希值）`),
  tokenCannotWrite: (url: string, reason: string) => t(`cannot write to ${url}: ${reason}`, `无法写入 ${url}：${reason}`),
  badLang: (given: string) => t(`--lang must be zh or en, or a tag such as zh-CN or en-US (not \`${given}\`)`, `--lang 应为 zh 或 en，或 zh-CN、en-US 等语言标记（而不是 \`${given}\`）`),
} as const;

/** Short notes used as `related` messages. */
export const Note = {
  declaredHere: (name: string) => m('NOTE', `\`${name}\` is declared here`, `\`${name}\` 在此声明`),
  firstInExample: (name: string, given: boolean) => m('NOTE', given ? `\`${name}\` is first given here` : `\`${name}\` is first expected here`, given ? `\`${name}\` 首次在此给出` : `\`${name}\` 首次在此预期`),
  baseLimit: (cite?: string) => m('NOTE', `the base sets this limit${cite ? ` (${cite})` : ''}`, `上级在此规定该限制${cite ? `（${cite}）` : ''}`),
  coveredBy: (row: number) => m('NOTE', `row ${row}`, `第 ${row} 行`),
  alsoInConflict: (name: string) => m('NOTE', `the part that does not hold also reads this value of \`${name}\``, `不成立的部分还涉及 \`${name}\` 的这个取值`),
};
