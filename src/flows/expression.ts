import jsep, { type Expression } from 'jsep';

/** A value a flow variable can hold. */
export type FlowValue = string | number | boolean | null;

export class ExpressionError extends Error {
  readonly code = 'FLOW_EXPRESSION';
  constructor(
    readonly source: string,
    message: string,
  ) {
    super(`flow expression "${source}": ${message}`);
    this.name = 'ExpressionError';
  }
}

// Editors write conditions the way they speak: `tries >= 3 and card == "credit"`.
jsep.addBinaryOp('and', 2);
jsep.addBinaryOp('or', 1);
jsep.addUnaryOp('not');

const BINARY = new Set(['==', '!=', '===', '!==', '<', '<=', '>', '>=', '+', '-', '*', '/', '%', '&&', '||', 'and', 'or']);
const UNARY = new Set(['!', '-', 'not']);
const CONSTANTS: Record<string, FlowValue> = { true: true, false: false, null: null };

/** A parsed condition or value: what it reads, and how to compute it. Never `eval`. */
export interface CompiledExpression {
  readonly source: string;
  /** Variable names the expression reads. */
  readonly variables: readonly string[];
  evaluate(vars: Readonly<Record<string, FlowValue>>): FlowValue;
}

/**
 * Parses a flow expression. Only literals, variables, comparisons, arithmetic and logic are
 * allowed; member access, calls, arrays and anything else are rejected here, at load time.
 * @throws ExpressionError naming the expression and what is not allowed.
 */
export function compileExpression(source: string): CompiledExpression {
  let ast: Expression;
  try {
    ast = jsep(source);
  } catch (error) {
    throw new ExpressionError(source, (error as Error).message);
  }
  const variables = new Set<string>();
  check(ast, source, variables);
  return {
    source,
    variables: [...variables],
    evaluate: (vars) => evaluate(ast, vars, source),
  };
}

function check(node: Expression, source: string, variables: Set<string>): void {
  switch (node.type) {
    case 'Literal':
      return;
    case 'Identifier': {
      const name = node.name as string;
      if (!Object.hasOwn(CONSTANTS, name)) variables.add(name);
      return;
    }
    case 'BinaryExpression':
      if (!BINARY.has(node.operator as string)) throw new ExpressionError(source, `operator ${String(node.operator)} is not allowed`);
      check(node.left as Expression, source, variables);
      check(node.right as Expression, source, variables);
      return;
    case 'UnaryExpression':
      if (!UNARY.has(node.operator as string)) throw new ExpressionError(source, `operator ${String(node.operator)} is not allowed`);
      check(node.argument as Expression, source, variables);
      return;
    default:
      throw new ExpressionError(source, `${node.type} is not allowed; use variables, literals, comparisons, and/or/not`);
  }
}

function evaluate(node: Expression, vars: Readonly<Record<string, FlowValue>>, source: string): FlowValue {
  switch (node.type) {
    case 'Literal':
      return node.value as FlowValue;
    case 'Identifier': {
      const name = node.name as string;
      if (Object.hasOwn(CONSTANTS, name)) return CONSTANTS[name]!;
      if (!Object.hasOwn(vars, name)) throw new ExpressionError(source, `variable "${name}" is not set`);
      return vars[name]!;
    }
    case 'UnaryExpression': {
      const value = evaluate(node.argument as Expression, vars, source);
      return node.operator === '-' ? -Number(value) : !value;
    }
    case 'BinaryExpression': {
      const op = node.operator as string;
      const left = evaluate(node.left as Expression, vars, source);
      if (op === '&&' || op === 'and') return Boolean(left) && Boolean(evaluate(node.right as Expression, vars, source));
      if (op === '||' || op === 'or') return Boolean(left) || Boolean(evaluate(node.right as Expression, vars, source));
      const right = evaluate(node.right as Expression, vars, source);
      switch (op) {
        case '==':
        case '===':
          return left === right;
        case '!=':
        case '!==':
          return left !== right;
        case '<':
          return Number(left) < Number(right);
        case '<=':
          return Number(left) <= Number(right);
        case '>':
          return Number(left) > Number(right);
        case '>=':
          return Number(left) >= Number(right);
        case '+':
          return typeof left === 'string' || typeof right === 'string' ? `${left}${right}` : Number(left) + Number(right);
        case '-':
          return Number(left) - Number(right);
        case '*':
          return Number(left) * Number(right);
        case '/':
          return Number(left) / Number(right);
        case '%':
          return Number(left) % Number(right);
      }
    }
  }
  throw new ExpressionError(source, `cannot evaluate ${node.type}`);
}
