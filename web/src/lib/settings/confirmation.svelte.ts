/*
 * One confirmation dialog for the whole settings page: a section asks and awaits the
 * answer (`if (!(await confirmation.ask({...}))) return;`), and ConfirmDialog.svelte,
 * mounted once by the page, shows the question. Destructive steps (removing rows,
 * import, re-timing open cases) all go through it.
 */

export interface ConfirmRequest {
  title: string;
  text: string;
  confirmLabel: string;
}

class Confirmation {
  current = $state<ConfirmRequest | undefined>(undefined);
  #resolve: ((ok: boolean) => void) | undefined;

  ask(request: ConfirmRequest): Promise<boolean> {
    this.#resolve?.(false);
    this.current = request;
    return new Promise((resolve) => {
      this.#resolve = resolve;
    });
  }

  answer(ok: boolean): void {
    const resolve = this.#resolve;
    this.#resolve = undefined;
    this.current = undefined;
    resolve?.(ok);
  }
}

export const confirmation = new Confirmation();
