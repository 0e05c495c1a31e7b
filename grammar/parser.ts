/**
 * @module grammar/parser
 * The grammar of the rules language as a chevrotain CstParser: grammar rules only, no actions.
 * Error recovery is on, so one pass reports many syntax errors. The AST is built from the CST
 * in `src/ast/from-cst.ts`.
 */
import { CstParser, type CstNode, type IParserErrorMessageProvider, type TokenType } from 'chevrotain';
import * as T from './tokens.ts';

/**
 * Syntax errors carry what was expected as a JSON list of token names, so the wording can be
 * produced in both languages by `src/messages.ts` instead of chevrotain's English sentences.
 */
const expectationProvider: IParserErrorMessageProvider = {
  buildMismatchTokenMessage: ({ expected }) => JSON.stringify([expected.name]),
  buildNotAllInputParsedMessage: () => JSON.stringify(['EOF']),
  buildNoViableAltMessage: ({ expectedPathsPerAlt }) => JSON.stringify(firstTokens(expectedPathsPerAlt.flat())),
  buildEarlyExitMessage: ({ expectedIterationPaths }) => JSON.stringify(firstTokens(expectedIterationPaths)),
};
function firstTokens(paths: TokenType[][]): string[] {
  return [...new Set(paths.map((p) => p[0]?.name).filter((n): n is string => !!n))];
}

/**
 * The children of a CST node: an object with no inherited keys, like chevrotain's
 * `Object.create(null)`, but one V8 keeps in fast mode (a null-prototype object is a hash
 * table, slow to fill while parsing and to read while building the AST).
 */
class CstChildren {}
Object.setPrototypeOf(CstChildren.prototype, null);
delete (CstChildren.prototype as { constructor?: unknown }).constructor;

/** Binary operators of {@link RulesParser.operation}, whatever their precedence. */
const BINARY_OPERATORS = [T.Or, T.And, T.Eq, T.Ne, T.Lt, T.Le, T.Gt, T.Ge, T.In, T.Plus, T.Minus, T.Star, T.Slash];

/** chevrotain's internals that {@link RulesParser.cstInvocationStateUpdate} replaces. */
interface CstBuilding {
  setInitialNodeLocation(node: CstNode): void;
  CST_STACK: CstNode[];
}

export class RulesParser extends CstParser {
  constructor() {
    super(T.allTokens, { recoveryEnabled: true, maxLookahead: 3, nodeLocationTracking: 'onlyOffset', errorMessageProvider: expectationProvider });
    this.performSelfAnalysis();
  }

  /** chevrotain's hook that opens a CST node, with {@link CstChildren} for the children. */
  cstInvocationStateUpdate(fullRuleName: string): void {
    const node = { name: fullRuleName, children: new CstChildren() } as CstNode;
    const self = this as unknown as CstBuilding;
    self.setInitialNodeLocation(node);
    self.CST_STACK.push(node);
  }

  file = this.RULE('file', () => {
    this.SUBRULE(this.header);
    this.MANY(() => this.SUBRULE(this.declaration));
  });

  header = this.RULE('header', () => {
    this.CONSUME(T.Ruleset);
    this.SUBRULE(this.rulesetId, { LABEL: 'id' });
    this.MANY(() =>
      this.OR([
        { ALT: () => { this.CONSUME(T.Extends); this.SUBRULE2(this.rulesetId, { LABEL: 'base' }); } },
        { ALT: () => { this.CONSUME(T.Title); this.CONSUME(T.StringLit, { LABEL: 'title' }); } },
        { ALT: () => { this.CONSUME(T.Jurisdiction); this.CONSUME2(T.StringLit, { LABEL: 'jurisdiction' }); } },
        { ALT: () => this.SUBRULE(this.sourceDecl) },
      ]),
    );
  });

  /** Rule set ids may contain hyphens: `jilin-example`. */
  rulesetId = this.RULE('rulesetId', () => {
    this.OR([
      { ALT: () => this.CONSUME(T.Identifier, { LABEL: 'part' }) },
      { IGNORE_AMBIGUITIES: true, ALT: () => this.CONSUME(T.Keyword, { LABEL: 'part' }) },
    ]);
    this.MANY(() => {
      this.CONSUME(T.Minus);
      this.OR2([
        { ALT: () => this.CONSUME2(T.Identifier, { LABEL: 'part' }) },
        { IGNORE_AMBIGUITIES: true, ALT: () => this.CONSUME2(T.Keyword, { LABEL: 'part' }) },
      ]);
    });
  });

  sourceDecl = this.RULE('sourceDecl', () => {
    this.CONSUME(T.Source);
    this.CONSUME(T.StringLit, { LABEL: 'code' });
    this.CONSUME2(T.StringLit, { LABEL: 'title' });
  });

  /** Declarations after a point where the parser had to resynchronise (see `parseCst`). */
  rest = this.RULE('rest', () => {
    this.MANY(() => this.SUBRULE(this.declaration));
  });

  /** `override` may precede any declaration; the linker decides where it is allowed. */
  declaration = this.RULE('declaration', () => {
    this.OPTION(() => this.CONSUME(T.Override, { LABEL: 'override' }));
    this.OR([
      { ALT: () => this.SUBRULE(this.unitDecl) },
      { ALT: () => this.SUBRULE(this.enumDecl) },
      { ALT: () => this.SUBRULE(this.inputDecl) },
      { ALT: () => this.SUBRULE(this.paramDecl) },
      { ALT: () => this.SUBRULE(this.defDecl) },
      { ALT: () => this.SUBRULE(this.tableDecl) },
      { ALT: () => this.SUBRULE(this.clausesDecl) },
      { ALT: () => this.SUBRULE(this.listDecl) },
      { ALT: () => this.SUBRULE(this.constraintDecl) },
      { ALT: () => this.SUBRULE(this.exampleDecl) },
      { ALT: () => this.SUBRULE(this.outputDecl) },
      { ALT: () => this.SUBRULE(this.removeDecl) },
    ]);
  });

  unitDecl = this.RULE('unitDecl', () => {
    this.CONSUME(T.Unit);
    this.CONSUME(T.Identifier, { LABEL: 'name' });
    this.OPTION(() => this.CONSUME(T.StringLit, { LABEL: 'label' }));
  });

  enumDecl = this.RULE('enumDecl', () => {
    this.CONSUME(T.Enum);
    this.CONSUME(T.Identifier, { LABEL: 'name' });
    this.OPTION(() => this.CONSUME(T.StringLit, { LABEL: 'label' }));
    this.SUBRULE(this.attributes);
    this.CONSUME(T.LBrace);
    this.MANY(() => this.SUBRULE(this.enumMember));
    this.CONSUME(T.RBrace);
  });

  enumMember = this.RULE('enumMember', () => {
    this.CONSUME(T.Identifier, { LABEL: 'name' });
    this.OPTION(() => this.CONSUME(T.StringLit, { LABEL: 'label' }));
  });

  /** `cite "…"`, `illustrative`, `open`, `note "…"`, `in a..b`, `max_items n`, in any order. */
  attributes = this.RULE('attributes', () => {
    this.MANY(() =>
      this.OR([
        { ALT: () => { this.CONSUME(T.Cite); this.CONSUME(T.StringLit, { LABEL: 'cite' }); } },
        { ALT: () => this.CONSUME(T.Illustrative, { LABEL: 'illustrative' }) },
        { ALT: () => this.CONSUME(T.Open, { LABEL: 'open' }) },
        { ALT: () => { this.CONSUME(T.Note); this.CONSUME2(T.StringLit, { LABEL: 'note' }); } },
        { ALT: () => { this.CONSUME(T.In); this.SUBRULE(this.range); } },
        { ALT: () => { this.CONSUME(T.MaxItems); this.CONSUME(T.NumberLit, { LABEL: 'maxItems' }); } },
      ]),
    );
  });

  /** `a..b`, `a..`, `..b` (bounds are expressions over params and literals), or a set `[a, b, c]`. */
  range = this.RULE('range', () => {
    this.OR([
      {
        // `in [300, 400, 500]`: an allowed set instead of an interval.
        GATE: () => this.LA(1).tokenType === T.LBracket,
        IGNORE_AMBIGUITIES: true,
        ALT: () => this.SUBRULE(this.listLiteral, { LABEL: 'set' }),
      },
      {
        ALT: () => {
          this.OPTION(() => this.SUBRULE(this.arithmetic, { LABEL: 'low' }));
          this.CONSUME(T.DotDot);
          this.OPTION2(() => this.SUBRULE2(this.arithmetic, { LABEL: 'high' }));
        },
      },
    ]);
  });

  typeRef = this.RULE('typeRef', () => {
    this.OR([
      { ALT: () => this.CONSUME(T.Money, { LABEL: 'prim' }) },
      { ALT: () => { this.CONSUME(T.Integer, { LABEL: 'prim' }); this.OPTION(() => this.SUBRULE(this.unitSuffix)); } },
      { ALT: () => { this.CONSUME(T.Decimal, { LABEL: 'prim' }); this.OPTION2(() => this.SUBRULE2(this.unitSuffix)); } },
      { ALT: () => this.CONSUME(T.Bool, { LABEL: 'prim' }) },
      { ALT: () => this.CONSUME(T.DateType, { LABEL: 'prim' }) },
      { ALT: () => this.CONSUME(T.Text, { LABEL: 'prim' }) },
      // Soft keywords also count as identifiers; the primitive types above win.
      { IGNORE_AMBIGUITIES: true, ALT: () => this.CONSUME(T.Identifier, { LABEL: 'named' }) },
      { ALT: () => { this.CONSUME(T.List, { LABEL: 'list' }); this.CONSUME(T.Of); this.SUBRULE(this.typeRef, { LABEL: 'element' }); } },
      { ALT: () => { this.CONSUME(T.ListOf, { LABEL: 'list' }); this.SUBRULE2(this.typeRef, { LABEL: 'element' }); } },
    ]);
  });

  unitSuffix = this.RULE('unitSuffix', () => {
    this.CONSUME(T.LBracket);
    this.CONSUME(T.Identifier, { LABEL: 'unit' });
    this.CONSUME(T.RBracket);
  });

  inputDecl = this.RULE('inputDecl', () => {
    this.CONSUME(T.Input);
    this.CONSUME(T.Identifier, { LABEL: 'name' });
    this.CONSUME(T.Colon);
    this.SUBRULE(this.typeRef);
    this.OPTION(() => this.CONSUME(T.StringLit, { LABEL: 'label' }));
    this.SUBRULE(this.attributes);
  });

  /** Shared shape of `param` and `def`: name, optional type, label, attributes, dated values. */
  paramDecl = this.RULE('paramDecl', () => {
    this.CONSUME(T.Param);
    this.SUBRULE(this.valueDecl);
  });

  defDecl = this.RULE('defDecl', () => {
    this.CONSUME(T.Def);
    this.SUBRULE(this.valueDecl);
  });

  valueDecl = this.RULE('valueDecl', () => {
    this.CONSUME(T.Identifier, { LABEL: 'name' });
    this.OPTION(() => { this.CONSUME(T.Colon); this.SUBRULE(this.typeRef); });
    this.OPTION2(() => this.CONSUME(T.StringLit, { LABEL: 'label' }));
    this.SUBRULE(this.attributes);
    this.CONSUME(T.Eq);
    this.SUBRULE(this.expression, { LABEL: 'value' });
    this.MANY(() => this.SUBRULE(this.datedValue));
  });

  datedValue = this.RULE('datedValue', () => {
    this.CONSUME(T.From);
    this.CONSUME(T.DateLit, { LABEL: 'date' });
    this.CONSUME(T.Eq);
    this.SUBRULE(this.expression, { LABEL: 'value' });
  });

  tableDecl = this.RULE('tableDecl', () => {
    this.CONSUME(T.Table);
    this.CONSUME(T.Identifier, { LABEL: 'name' });
    this.CONSUME(T.Colon);
    this.SUBRULE(this.typeRef);
    this.OPTION2(() => this.CONSUME(T.StringLit, { LABEL: 'label' }));
    this.SUBRULE(this.attributes);
    this.CONSUME(T.Hit);
    this.OR([{ ALT: () => this.CONSUME(T.First, { LABEL: 'policy' }) }, { ALT: () => this.CONSUME(T.Unique, { LABEL: 'policy' }) }]);
    this.CONSUME(T.Given);
    this.AT_LEAST_ONE_SEP({ SEP: T.Comma, DEF: () => this.CONSUME2(T.Identifier, { LABEL: 'column' }) });
    this.MANY(() => this.SUBRULE(this.tableRow));
  });

  /** `| cell | cell | … | result |` */
  tableRow = this.RULE('tableRow', () => {
    this.CONSUME(T.Pipe);
    this.AT_LEAST_ONE(() => {
      this.SUBRULE(this.cell);
      this.CONSUME2(T.Pipe);
    });
  });

  /** `-` (any), `< e`, `>= e`, `a..b`, `e`, or `e, e, …` (one of). */
  cell = this.RULE('cell', () => {
    this.OR([
      {
        GATE: () => this.LA(2).tokenType === T.Pipe,
        IGNORE_AMBIGUITIES: true,
        ALT: () => this.CONSUME(T.Minus, { LABEL: 'any' }),
      },
      {
        ALT: () => {
          this.OR2([
            { ALT: () => this.CONSUME(T.Lt, { LABEL: 'cmp' }) },
            { ALT: () => this.CONSUME(T.Le, { LABEL: 'cmp' }) },
            { ALT: () => this.CONSUME(T.Gt, { LABEL: 'cmp' }) },
            { ALT: () => this.CONSUME(T.Ge, { LABEL: 'cmp' }) },
            { ALT: () => this.CONSUME(T.Ne, { LABEL: 'cmp' }) },
          ]);
          this.SUBRULE(this.arithmetic, { LABEL: 'bound' });
        },
      },
      { ALT: () => { this.CONSUME(T.DotDot, { LABEL: 'upTo' }); this.SUBRULE2(this.arithmetic, { LABEL: 'high' }); } },
      {
        ALT: () => {
          this.SUBRULE(this.expression, { LABEL: 'value' });
          this.OPTION(() => {
            this.OR3([
              { ALT: () => { this.CONSUME2(T.DotDot, { LABEL: 'dots' }); this.OPTION2(() => this.SUBRULE3(this.arithmetic, { LABEL: 'high' })); } },
              { ALT: () => this.AT_LEAST_ONE(() => { this.CONSUME(T.Comma); this.SUBRULE2(this.expression, { LABEL: 'value' }); }) },
            ]);
          });
        },
      },
    ]);
  });

  clausesDecl = this.RULE('clausesDecl', () => {
    this.CONSUME(T.Clauses);
    this.CONSUME(T.Identifier, { LABEL: 'name' });
    this.OPTION2(() => this.CONSUME(T.StringLit, { LABEL: 'label' }));
    this.SUBRULE(this.attributes);
    this.MANY(() => this.SUBRULE(this.clause));
  });

  clause = this.RULE('clause', () => {
    this.CONSUME(T.Clause);
    this.OR([{ ALT: () => this.CONSUME(T.NumberLit, { LABEL: 'key' }) }, { ALT: () => this.CONSUME(T.Identifier, { LABEL: 'key' }) }]);
    this.OPTION(() => this.CONSUME(T.StringLit, { LABEL: 'label' }));
    this.SUBRULE(this.attributes);
    this.CONSUME(T.Colon);
    this.SUBRULE(this.expression, { LABEL: 'when' });
  });

  listDecl = this.RULE('listDecl', () => {
    this.CONSUME(T.List);
    this.CONSUME(T.Identifier, { LABEL: 'name' });
    this.OPTION2(() => this.CONSUME(T.StringLit, { LABEL: 'label' }));
    this.SUBRULE(this.attributes);
    this.CONSUME(T.LBrace);
    this.MANY(() => this.SUBRULE(this.listItem));
    this.CONSUME(T.RBrace);
  });

  listItem = this.RULE('listItem', () => {
    this.OPTION(() => this.CONSUME(T.Remove, { LABEL: 'remove' }));
    this.CONSUME(T.Item);
    this.CONSUME(T.Identifier, { LABEL: 'name' });
    this.OPTION2(() => this.CONSUME(T.StringLit, { LABEL: 'label' }));
    this.SUBRULE(this.attributes);
    this.OPTION3(() => {
      this.CONSUME(T.LBrace);
      this.MANY(() => this.SUBRULE(this.assignment));
      this.CONSUME(T.RBrace);
    });
  });

  constraintDecl = this.RULE('constraintDecl', () => {
    this.CONSUME(T.Constraint);
    this.CONSUME(T.Identifier, { LABEL: 'name' });
    this.OPTION(() => this.CONSUME(T.StringLit, { LABEL: 'label' }));
    this.SUBRULE(this.attributes);
    this.CONSUME(T.Colon);
    this.SUBRULE(this.expression, { LABEL: 'rule' });
  });

  exampleDecl = this.RULE('exampleDecl', () => {
    this.CONSUME(T.Example);
    this.CONSUME(T.StringLit, { LABEL: 'name' });
    this.OPTION2(() => { this.CONSUME(T.AsOf); this.CONSUME(T.DateLit, { LABEL: 'asOf' }); });
    this.CONSUME(T.LBrace);
    this.CONSUME(T.Given);
    this.MANY(() => this.SUBRULE(this.assignment, { LABEL: 'given' }));
    this.CONSUME(T.Expect);
    this.MANY2(() => this.SUBRULE2(this.assignment, { LABEL: 'expect' }));
    this.CONSUME(T.RBrace);
  });

  /** `name = expression`, optionally followed by a comma. */
  assignment = this.RULE('assignment', () => {
    this.CONSUME(T.Identifier, { LABEL: 'name' });
    this.OR([{ ALT: () => this.CONSUME(T.Eq) }, { ALT: () => this.CONSUME(T.Colon) }]);
    this.SUBRULE(this.expression, { LABEL: 'value' });
    this.OPTION(() => this.CONSUME(T.Comma));
  });

  outputDecl = this.RULE('outputDecl', () => {
    this.CONSUME(T.Output);
    this.AT_LEAST_ONE_SEP({ SEP: T.Comma, DEF: () => this.CONSUME(T.Identifier, { LABEL: 'name' }) });
  });

  /**
   * `remove name`, also written `remove def name`, `remove example "…"`, `remove item x`,
   * `remove clause 1`: parsed so
   * that the linker can say why not (declarations and examples stay; list items are removed
   * inside `override list`).
   */
  removeDecl = this.RULE('removeDecl', () => {
    this.CONSUME(T.Remove);
    this.OPTION(() =>
      this.OR(
        [T.Unit, T.Enum, T.Input, T.Param, T.Def, T.Table, T.Clauses, T.Clause, T.List, T.Item, T.Constraint, T.Example, T.Output].map((k) => ({
          ALT: () => this.CONSUME(k, { LABEL: 'what' }),
        })),
      ),
    );
    this.OR2([
      { ALT: () => this.CONSUME(T.Identifier, { LABEL: 'name' }) },
      { ALT: () => this.CONSUME(T.NumberLit, { LABEL: 'name' }) },
      { ALT: () => this.CONSUME(T.StringLit, { LABEL: 'quoted' }) },
    ]);
  });

  // ── expressions ──
  // One flat rule for operators (`operation`): operands with their prefix operators, and the
  // binary operators between them, in order. Precedence and grouping are applied when the AST is
  // built (`src/ast/from-cst.ts`, loosest first: `or`, `and`, `not`, comparisons and `in`,
  // `+ -`, `* /`, unary `-`). A rule per precedence level would cost nine nested rule calls and
  // CST nodes for every number or name.
  expression = this.RULE('expression', () => {
    this.OR([{ ALT: () => this.SUBRULE(this.conditional) }, { ALT: () => this.SUBRULE(this.operation) }]);
  });

  conditional = this.RULE('conditional', () => {
    this.CONSUME(T.If);
    this.SUBRULE(this.expression, { LABEL: 'cond' });
    this.CONSUME(T.Then);
    this.SUBRULE2(this.expression, { LABEL: 'then' });
    this.CONSUME(T.Otherwise);
    this.SUBRULE3(this.expression, { LABEL: 'else' });
  });

  /** `not`/`-` prefixes, an operand, then any number of `op operand` (with their own prefixes). */
  operation = this.RULE('operation', () => {
    this.MANY(() => this.OR([{ ALT: () => this.CONSUME(T.Not, { LABEL: 'prefix' }) }, { ALT: () => this.CONSUME(T.Minus, { LABEL: 'prefix' }) }]));
    this.SUBRULE(this.primary, { LABEL: 'operand' });
    this.MANY2(() => {
      this.OR2(BINARY_OPERATORS.map((t) => ({ ALT: () => this.CONSUME2(t, { LABEL: 'op' }) })));
      this.MANY3(() => this.OR3([{ ALT: () => this.CONSUME3(T.Not, { LABEL: 'prefix' }) }, { ALT: () => this.CONSUME3(T.Minus, { LABEL: 'prefix' }) }]));
      this.SUBRULE2(this.primary, { LABEL: 'operand' });
    });
  });

  /** Arithmetic only (`-`, `+ - * /`): bounds of ranges and table cells, where `in`, `and`, comparisons end the bound. */
  arithmetic = this.RULE('arithmetic', () => {
    this.MANY(() => this.CONSUME(T.Minus, { LABEL: 'prefix' }));
    this.SUBRULE(this.primary, { LABEL: 'operand' });
    this.MANY2(() => {
      this.OR([
        { ALT: () => this.CONSUME(T.Plus, { LABEL: 'op' }) },
        { ALT: () => this.CONSUME2(T.Minus, { LABEL: 'op' }) },
        { ALT: () => this.CONSUME(T.Star, { LABEL: 'op' }) },
        { ALT: () => this.CONSUME(T.Slash, { LABEL: 'op' }) },
      ]);
      this.MANY3(() => this.CONSUME3(T.Minus, { LABEL: 'prefix' }));
      this.SUBRULE2(this.primary, { LABEL: 'operand' });
    });
  });

  primary = this.RULE('primary', () => {
    this.OR([
      { ALT: () => this.CONSUME(T.NumberLit, { LABEL: 'number' }) },
      { ALT: () => this.CONSUME(T.Percent, { LABEL: 'percent' }) },
      { ALT: () => this.CONSUME(T.StringLit, { LABEL: 'string' }) },
      { ALT: () => this.CONSUME(T.DateLit, { LABEL: 'date' }) },
      { ALT: () => this.CONSUME(T.True, { LABEL: 'true' }) },
      { ALT: () => this.CONSUME(T.False, { LABEL: 'false' }) },
      { ALT: () => this.CONSUME(T.AsOf, { LABEL: 'asOf' }) },
      { ALT: () => this.SUBRULE(this.call) },
      { ALT: () => this.CONSUME2(T.Identifier, { LABEL: 'name' }) },
      { ALT: () => { this.CONSUME(T.LParen); this.SUBRULE(this.expression, { LABEL: 'inner' }); this.CONSUME(T.RParen); } },
      { ALT: () => this.SUBRULE(this.listLiteral) },
    ]);
  });

  call = this.RULE('call', () => {
    this.CONSUME(T.Identifier, { LABEL: 'fn' });
    this.CONSUME(T.LParen);
    this.MANY_SEP({ SEP: T.Comma, DEF: () => this.SUBRULE(this.expression, { LABEL: 'arg' }) });
    this.CONSUME(T.RParen);
  });

  listLiteral = this.RULE('listLiteral', () => {
    this.CONSUME(T.LBracket);
    this.MANY_SEP({ SEP: T.Comma, DEF: () => this.SUBRULE(this.expression, { LABEL: 'item' }) });
    this.CONSUME(T.RBracket);
  });
}

/** One shared parser instance (chevrotain parsers are reusable via `input =`). */
export const parser = new RulesParser();
