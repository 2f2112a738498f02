import type { Place } from './places.js';
import type { QuickPeriod } from './quickPeriod.js';

/**
 * The words the staff pages' shared parts show; each page's messages (the console's, the
 * workspace's) carry them in both languages. Types only, without the DOM, so tests that read the
 * messages compile under Node.
 */

/** The sign-in form's words (each page its own heading). */
export interface LoginMessages {
  readonly loginHeading: string;
  readonly username: string;
  readonly password: string;
  readonly login: string;
  readonly loggingIn: string;
}

/** The topbar's links between the staff pages. */
export interface PlacesMessages {
  readonly places: { readonly label: string } & Readonly<Record<Place, string>>;
}

/** What a page says to an account whose role may not use it. */
export interface NoAccessMessages extends PlacesMessages {
  /** The roles' names ('agent', 'editor', …). */
  readonly roles: Readonly<Record<string, string>>;
  /** Why the page shows nothing, naming the account's role. */
  readonly noAccess: (role: string) => string;
  /** Before the links to the places the account may use. */
  readonly noAccessGoTo: string;
  /** When it may use none. */
  readonly noAccessNowhere: string;
}

/** The period picker's words (the reports page and the workspace's 表现). */
export interface PeriodMessages {
  readonly period: {
    /** The picker's name: 时间段. */
    readonly label: string;
    readonly from: string;
    readonly to: string;
    /** Between the two days: 至. */
    readonly until: string;
    readonly quick: Readonly<Record<QuickPeriod, string>>;
    readonly fromAfterTo: string;
    readonly tooLong: (days: number) => string;
    /** The server refused a day (the error's params.field). */
    readonly badFrom: string;
    readonly badTo: string;
  };
}

/** The words the staff shell itself shows (web/shared/createStaffShell), besides the sign-in form's and the no-access page's. */
export interface StaffShellMessages extends LoginMessages, NoAccessMessages {
  readonly appTitle: string;
  readonly switchLang: string;
  readonly otherLang: string;
  readonly logout: string;
  readonly sessionExpired: string;
  readonly signedInAs: (name: string) => string;
}
