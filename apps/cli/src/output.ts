/** How a command reports: a line of text for people, or one JSON document with `--json` for scripts. */
export interface Output {
  json: boolean;
  result(data: unknown, text: () => string): void;
}

export function createOutput(json: boolean): Output {
  return {
    json,
    result(data, text) {
      process.stdout.write(json ? JSON.stringify(data, null, 2) + '\n' : text() + '\n');
    },
  };
}

/** A failure the user can act on: exit code 1 and a message, or `{"error": …}` with `--json`. */
export class CliError extends Error {
  constructor(
    message: string,
    readonly code = 'error',
    readonly exitCode = 1,
  ) {
    super(message);
  }
}
