/**
 * scrypt's cost for tests' agent passwords: 2^10 instead of production's 2^15, about 2 ms a hash
 * instead of ~70. Production's cost is tested once, in test/handoff/passwords.test.ts.
 */
export const TEST_PASSWORD_COST = 2 ** 10;
