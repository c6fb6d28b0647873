/**
 * Tests that run the CLI start the app in a process of their own for each command: a second on
 * a quiet machine, ten or more when the machine is busy (CI beside other work). A test running
 * four or five commands then needs more than the default 60 s; this bounds it without
 * retrying anything. Call `jest.setTimeout(CLI_TEST_TIMEOUT_MS)` at the top of such a file.
 */
export const CLI_TEST_TIMEOUT_MS = 240_000;
