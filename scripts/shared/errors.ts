/** A build failure that names what the user has to fix: the provider, the file and where in it. */
export class BuildError extends Error {
  override name = 'BuildError';
  constructor(
    message: string,
    readonly file?: string,
    readonly location?: { line: number; column: number },
    /** Extra detail printed after the one-line message (a tool's own report, for example). */
    readonly detail?: string,
  ) {
    super(message);
  }

  /** `file:line:column: message`, the form editors and terminals turn into links. */
  get where(): string {
    if (!this.file) return '';
    return this.location ? `${this.file}:${this.location.line}:${this.location.column}` : this.file;
  }
}
