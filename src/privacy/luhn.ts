/**
 * The Luhn sum of a digit string read from the left, kept for both parities of what may follow.
 * Luhn doubles every second digit counted from the right, so a prefix cannot know its weights
 * until the number ends; two sums, one per parity of the digits still to come, are all it needs.
 * This lets a card be checked group by group, and across messages without keeping its digits.
 */
export interface LuhnSums {
  /** How many digits were read. */
  readonly length: number;
  /** The Luhn sum modulo 10 if the number ends here. */
  readonly ifLast: number;
  /** The Luhn sum modulo 10 of these digits if an odd number of digits follows. */
  readonly ifMore: number;
}

/** The sums of no digits, to start from. */
export const NO_DIGITS: LuhnSums = Object.freeze({ length: 0, ifLast: 0, ifMore: 0 });

const DOUBLED = [0, 2, 4, 6, 8, 1, 3, 5, 7, 9];

/** `sums` extended by the ASCII digits of `digits`. */
export function appendDigits(sums: LuhnSums, digits: string): LuhnSums {
  let { ifLast, ifMore } = sums;
  for (let i = 0; i < digits.length; i += 1) {
    const digit = digits.charCodeAt(i) - 48;
    // The new digit is last (not doubled); every earlier digit moves one place to the left.
    [ifLast, ifMore] = [(ifMore + digit) % 10, (ifLast + DOUBLED[digit]!) % 10];
  }
  return { length: sums.length + digits.length, ifLast, ifMore };
}

/** 13 to 19 digits (ISO/IEC 7812 lengths) whose Luhn sum is a multiple of 10. */
export function isCardNumber(sums: LuhnSums): boolean {
  return sums.length >= 13 && sums.length <= 19 && sums.ifLast === 0;
}
