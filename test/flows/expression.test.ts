import { describe, expect, it } from 'vitest';
import { compileExpression, ExpressionError } from '../../src/flows/index.js';

describe('compileExpression', () => {
  it.each([
    ['tries >= 3 and card == "credit"', { tries: 3, card: 'credit' }, true],
    ['tries >= 3 and card == "credit"', { tries: 2, card: 'credit' }, false],
    ['message == "wrong" or message == "locked"', { message: 'locked' }, true],
    ['not solved', { solved: false }, true],
    ['!solved && tries < 3', { solved: false, tries: 1 }, true],
    ['10000 - amount', { amount: 6500 }, 3500],
    ['"还差" + left', { left: 5 }, '还差5'],
    ['amount >= 10000', { amount: 12000 }, true],
  ])('evaluates %s', (source, vars, expected) => {
    expect(compileExpression(source).evaluate(vars)).toBe(expected);
  });

  it('lists the variables it reads', () => {
    expect(compileExpression('tries >= 3 and card == "credit" or true').variables).toEqual(['tries', 'card']);
  });

  it.each([
    ['process.exit(1)', /CallExpression is not allowed/],
    ['constructor.constructor("x")()', /is not allowed/],
    ['a[0]', /MemberExpression is not allowed/],
    ['[1, 2]', /ArrayExpression is not allowed/],
    ['a ==', /flow expression "a =="/],
  ])('refuses %s at load time', (source, message) => {
    expect(() => compileExpression(source)).toThrow(ExpressionError);
    expect(() => compileExpression(source)).toThrow(message);
  });

  it('refuses to read a variable that is not set, even one Object.prototype has', () => {
    expect(() => compileExpression('constructor').evaluate({})).toThrow(/variable "constructor" is not set/);
    expect(() => compileExpression('tries > 1').evaluate({})).toThrow(/variable "tries" is not set/);
  });
});
