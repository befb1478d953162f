/** The gateway answered the login with an OAuth error (refused on the device, consent declined, cancelled). */
export class LoginRefused extends Error {
  constructor(readonly code: string) {
    super(`the gateway refused the login: ${code}`);
  }
}

/** The gateway could not be reached, or answered with something the first-party app cannot accept. */
export class LoginFailed extends Error {}
