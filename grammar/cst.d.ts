// Generated from grammar/parser.ts by `npm run grammar` (grammar/generate.ts); do not edit.
import type { CstNode, ICstVisitor, IToken } from "chevrotain";

export interface FileCstNode extends CstNode {
  name: "file";
  children: FileCstChildren;
}

export type FileCstChildren = {
  header: HeaderCstNode[];
  declaration?: DeclarationCstNode[];
};

export interface HeaderCstNode extends CstNode {
  name: "header";
  children: HeaderCstChildren;
}

export type HeaderCstChildren = {
  Ruleset: IToken[];
  id: RulesetIdCstNode[];
  Extends?: IToken[];
  base?: RulesetIdCstNode[];
  Title?: IToken[];
  title?: IToken[];
  Jurisdiction?: IToken[];
  jurisdiction?: IToken[];
  sourceDecl?: SourceDeclCstNode[];
};

export interface RulesetIdCstNode extends CstNode {
  name: "rulesetId";
  children: RulesetIdCstChildren;
}

export type RulesetIdCstChildren = {
  part?: (IToken)[];
  Minus?: IToken[];
};

export interface SourceDeclCstNode extends CstNode {
  name: "sourceDecl";
  children: SourceDeclCstChildren;
}

export type SourceDeclCstChildren = {
  Source: IToken[];
  code: IToken[];
  title: IToken[];
};

export interface RestCstNode extends CstNode {
  name: "rest";
  children: RestCstChildren;
}

export type RestCstChildren = {
  declaration?: DeclarationCstNode[];
};

export interface DeclarationCstNode extends CstNode {
  name: "declaration";
  children: DeclarationCstChildren;
}

export type DeclarationCstChildren = {
  override?: IToken[];
  unitDecl?: UnitDeclCstNode[];
  enumDecl?: EnumDeclCstNode[];
  inputDecl?: InputDeclCstNode[];
  paramDecl?: ParamDeclCstNode[];
  defDecl?: DefDeclCstNode[];
  tableDecl?: TableDeclCstNode[];
  clausesDecl?: ClausesDeclCstNode[];
  listDecl?: ListDeclCstNode[];
  constraintDecl?: ConstraintDeclCstNode[];
  exampleDecl?: ExampleDeclCstNode[];
  outputDecl?: OutputDeclCstNode[];
  removeDecl?: RemoveDeclCstNode[];
};

export interface UnitDeclCstNode extends CstNode {
  name: "unitDecl";
  children: UnitDeclCstChildren;
}

export type UnitDeclCstChildren = {
  Unit: IToken[];
  name: IToken[];
  label?: IToken[];
};

export interface EnumDeclCstNode extends CstNode {
  name: "enumDecl";
  children: EnumDeclCstChildren;
}

export type EnumDeclCstChildren = {
  Enum: IToken[];
  name: IToken[];
  label?: IToken[];
  attributes: AttributesCstNode[];
  LBrace: IToken[];
  enumMember?: EnumMemberCstNode[];
  RBrace: IToken[];
};

export interface EnumMemberCstNode extends CstNode {
  name: "enumMember";
  children: EnumMemberCstChildren;
}

export type EnumMemberCstChildren = {
  name: IToken[];
  label?: IToken[];
};

export interface AttributesCstNode extends CstNode {
  name: "attributes";
  children: AttributesCstChildren;
}

export type AttributesCstChildren = {
  Cite?: IToken[];
  cite?: IToken[];
  illustrative?: IToken[];
  open?: IToken[];
  Note?: IToken[];
  note?: IToken[];
  In?: IToken[];
  range?: RangeCstNode[];
  MaxItems?: IToken[];
  maxItems?: IToken[];
};

export interface RangeCstNode extends CstNode {
  name: "range";
  children: RangeCstChildren;
}

export type RangeCstChildren = {
  set?: ListLiteralCstNode[];
  low?: ArithmeticCstNode[];
  DotDot?: IToken[];
  high?: ArithmeticCstNode[];
};

export interface TypeRefCstNode extends CstNode {
  name: "typeRef";
  children: TypeRefCstChildren;
}

export type TypeRefCstChildren = {
  prim?: (IToken)[];
  unitSuffix?: (UnitSuffixCstNode)[];
  named?: IToken[];
  list?: (IToken)[];
  Of?: IToken[];
  element?: (TypeRefCstNode)[];
};

export interface UnitSuffixCstNode extends CstNode {
  name: "unitSuffix";
  children: UnitSuffixCstChildren;
}

export type UnitSuffixCstChildren = {
  LBracket: IToken[];
  unit: IToken[];
  RBracket: IToken[];
};

export interface InputDeclCstNode extends CstNode {
  name: "inputDecl";
  children: InputDeclCstChildren;
}

export type InputDeclCstChildren = {
  Input: IToken[];
  name: IToken[];
  Colon: IToken[];
  typeRef: TypeRefCstNode[];
  label?: IToken[];
  attributes: AttributesCstNode[];
};

export interface ParamDeclCstNode extends CstNode {
  name: "paramDecl";
  children: ParamDeclCstChildren;
}

export type ParamDeclCstChildren = {
  Param: IToken[];
  valueDecl: ValueDeclCstNode[];
};

export interface DefDeclCstNode extends CstNode {
  name: "defDecl";
  children: DefDeclCstChildren;
}

export type DefDeclCstChildren = {
  Def: IToken[];
  valueDecl: ValueDeclCstNode[];
};

export interface ValueDeclCstNode extends CstNode {
  name: "valueDecl";
  children: ValueDeclCstChildren;
}

export type ValueDeclCstChildren = {
  name: IToken[];
  Colon?: IToken[];
  typeRef?: TypeRefCstNode[];
  label?: IToken[];
  attributes: AttributesCstNode[];
  Eq: IToken[];
  value: ExpressionCstNode[];
  datedValue?: DatedValueCstNode[];
};

export interface DatedValueCstNode extends CstNode {
  name: "datedValue";
  children: DatedValueCstChildren;
}

export type DatedValueCstChildren = {
  From: IToken[];
  date: IToken[];
  Eq: IToken[];
  value: ExpressionCstNode[];
};

export interface TableDeclCstNode extends CstNode {
  name: "tableDecl";
  children: TableDeclCstChildren;
}

export type TableDeclCstChildren = {
  Table: IToken[];
  name: IToken[];
  Colon: IToken[];
  typeRef: TypeRefCstNode[];
  label?: IToken[];
  attributes: AttributesCstNode[];
  Hit: IToken[];
  policy?: (IToken)[];
  Given: IToken[];
  column: IToken[];
  Comma?: IToken[];
  tableRow?: TableRowCstNode[];
};

export interface TableRowCstNode extends CstNode {
  name: "tableRow";
  children: TableRowCstChildren;
}

export type TableRowCstChildren = {
  Pipe: (IToken)[];
  cell: CellCstNode[];
};

export interface CellCstNode extends CstNode {
  name: "cell";
  children: CellCstChildren;
}

export type CellCstChildren = {
  any?: IToken[];
  cmp?: (IToken)[];
  bound?: ArithmeticCstNode[];
  upTo?: IToken[];
  high?: (ArithmeticCstNode)[];
  value?: (ExpressionCstNode)[];
  dots?: IToken[];
  Comma?: IToken[];
};

export interface ClausesDeclCstNode extends CstNode {
  name: "clausesDecl";
  children: ClausesDeclCstChildren;
}

export type ClausesDeclCstChildren = {
  Clauses: IToken[];
  name: IToken[];
  label?: IToken[];
  attributes: AttributesCstNode[];
  clause?: ClauseCstNode[];
};

export interface ClauseCstNode extends CstNode {
  name: "clause";
  children: ClauseCstChildren;
}

export type ClauseCstChildren = {
  Clause: IToken[];
  key?: (IToken)[];
  label?: IToken[];
  attributes: AttributesCstNode[];
  Colon: IToken[];
  when: ExpressionCstNode[];
};

export interface ListDeclCstNode extends CstNode {
  name: "listDecl";
  children: ListDeclCstChildren;
}

export type ListDeclCstChildren = {
  List: IToken[];
  name: IToken[];
  label?: IToken[];
  attributes: AttributesCstNode[];
  LBrace: IToken[];
  listItem?: ListItemCstNode[];
  RBrace: IToken[];
};

export interface ListItemCstNode extends CstNode {
  name: "listItem";
  children: ListItemCstChildren;
}

export type ListItemCstChildren = {
  remove?: IToken[];
  Item: IToken[];
  name: IToken[];
  label?: IToken[];
  attributes: AttributesCstNode[];
  LBrace?: IToken[];
  assignment?: AssignmentCstNode[];
  RBrace?: IToken[];
};

export interface ConstraintDeclCstNode extends CstNode {
  name: "constraintDecl";
  children: ConstraintDeclCstChildren;
}

export type ConstraintDeclCstChildren = {
  Constraint: IToken[];
  name: IToken[];
  label?: IToken[];
  attributes: AttributesCstNode[];
  Colon: IToken[];
  rule: ExpressionCstNode[];
};

export interface ExampleDeclCstNode extends CstNode {
  name: "exampleDecl";
  children: ExampleDeclCstChildren;
}

export type ExampleDeclCstChildren = {
  Example: IToken[];
  name: IToken[];
  AsOf?: IToken[];
  asOf?: IToken[];
  LBrace: IToken[];
  Given: IToken[];
  given?: AssignmentCstNode[];
  Expect: IToken[];
  expect?: AssignmentCstNode[];
  RBrace: IToken[];
};

export interface AssignmentCstNode extends CstNode {
  name: "assignment";
  children: AssignmentCstChildren;
}

export type AssignmentCstChildren = {
  name: IToken[];
  Eq?: IToken[];
  Colon?: IToken[];
  value: ExpressionCstNode[];
  Comma?: IToken[];
};

export interface OutputDeclCstNode extends CstNode {
  name: "outputDecl";
  children: OutputDeclCstChildren;
}

export type OutputDeclCstChildren = {
  Output: IToken[];
  name: IToken[];
  Comma?: IToken[];
};

export interface RemoveDeclCstNode extends CstNode {
  name: "removeDecl";
  children: RemoveDeclCstChildren;
}

export type RemoveDeclCstChildren = {
  Remove: IToken[];
  what?: (IToken)[];
  name?: (IToken)[];
  quoted?: IToken[];
};

export interface ExpressionCstNode extends CstNode {
  name: "expression";
  children: ExpressionCstChildren;
}

export type ExpressionCstChildren = {
  conditional?: ConditionalCstNode[];
  operation?: OperationCstNode[];
};

export interface ConditionalCstNode extends CstNode {
  name: "conditional";
  children: ConditionalCstChildren;
}

export type ConditionalCstChildren = {
  If: IToken[];
  cond: ExpressionCstNode[];
  Then: IToken[];
  then: ExpressionCstNode[];
  Otherwise: IToken[];
  else: ExpressionCstNode[];
};

export interface OperationCstNode extends CstNode {
  name: "operation";
  children: OperationCstChildren;
}

export type OperationCstChildren = {
  prefix?: (IToken)[];
  operand: (PrimaryCstNode)[];
  op?: (IToken)[];
};

export interface ArithmeticCstNode extends CstNode {
  name: "arithmetic";
  children: ArithmeticCstChildren;
}

export type ArithmeticCstChildren = {
  prefix?: (IToken)[];
  operand: (PrimaryCstNode)[];
  op?: (IToken)[];
};

export interface PrimaryCstNode extends CstNode {
  name: "primary";
  children: PrimaryCstChildren;
}

export type PrimaryCstChildren = {
  number?: IToken[];
  percent?: IToken[];
  string?: IToken[];
  date?: IToken[];
  true?: IToken[];
  false?: IToken[];
  asOf?: IToken[];
  call?: CallCstNode[];
  name?: IToken[];
  LParen?: IToken[];
  inner?: ExpressionCstNode[];
  RParen?: IToken[];
  listLiteral?: ListLiteralCstNode[];
};

export interface CallCstNode extends CstNode {
  name: "call";
  children: CallCstChildren;
}

export type CallCstChildren = {
  fn: IToken[];
  LParen: IToken[];
  arg?: ExpressionCstNode[];
  Comma?: IToken[];
  RParen: IToken[];
};

export interface ListLiteralCstNode extends CstNode {
  name: "listLiteral";
  children: ListLiteralCstChildren;
}

export type ListLiteralCstChildren = {
  LBracket: IToken[];
  item?: ExpressionCstNode[];
  Comma?: IToken[];
  RBracket: IToken[];
};

export interface ICstNodeVisitor<IN, OUT> extends ICstVisitor<IN, OUT> {
  file(children: FileCstChildren, param?: IN): OUT;
  header(children: HeaderCstChildren, param?: IN): OUT;
  rulesetId(children: RulesetIdCstChildren, param?: IN): OUT;
  sourceDecl(children: SourceDeclCstChildren, param?: IN): OUT;
  rest(children: RestCstChildren, param?: IN): OUT;
  declaration(children: DeclarationCstChildren, param?: IN): OUT;
  unitDecl(children: UnitDeclCstChildren, param?: IN): OUT;
  enumDecl(children: EnumDeclCstChildren, param?: IN): OUT;
  enumMember(children: EnumMemberCstChildren, param?: IN): OUT;
  attributes(children: AttributesCstChildren, param?: IN): OUT;
  range(children: RangeCstChildren, param?: IN): OUT;
  typeRef(children: TypeRefCstChildren, param?: IN): OUT;
  unitSuffix(children: UnitSuffixCstChildren, param?: IN): OUT;
  inputDecl(children: InputDeclCstChildren, param?: IN): OUT;
  paramDecl(children: ParamDeclCstChildren, param?: IN): OUT;
  defDecl(children: DefDeclCstChildren, param?: IN): OUT;
  valueDecl(children: ValueDeclCstChildren, param?: IN): OUT;
  datedValue(children: DatedValueCstChildren, param?: IN): OUT;
  tableDecl(children: TableDeclCstChildren, param?: IN): OUT;
  tableRow(children: TableRowCstChildren, param?: IN): OUT;
  cell(children: CellCstChildren, param?: IN): OUT;
  clausesDecl(children: ClausesDeclCstChildren, param?: IN): OUT;
  clause(children: ClauseCstChildren, param?: IN): OUT;
  listDecl(children: ListDeclCstChildren, param?: IN): OUT;
  listItem(children: ListItemCstChildren, param?: IN): OUT;
  constraintDecl(children: ConstraintDeclCstChildren, param?: IN): OUT;
  exampleDecl(children: ExampleDeclCstChildren, param?: IN): OUT;
  assignment(children: AssignmentCstChildren, param?: IN): OUT;
  outputDecl(children: OutputDeclCstChildren, param?: IN): OUT;
  removeDecl(children: RemoveDeclCstChildren, param?: IN): OUT;
  expression(children: ExpressionCstChildren, param?: IN): OUT;
  conditional(children: ConditionalCstChildren, param?: IN): OUT;
  operation(children: OperationCstChildren, param?: IN): OUT;
  arithmetic(children: ArithmeticCstChildren, param?: IN): OUT;
  primary(children: PrimaryCstChildren, param?: IN): OUT;
  call(children: CallCstChildren, param?: IN): OUT;
  listLiteral(children: ListLiteralCstChildren, param?: IN): OUT;
}
