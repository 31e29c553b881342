import { randomBytes } from 'node:crypto';
import { chmod, mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { secrets } from '@citydesk/functions/manifest';

/*
 * The local stand-in for the secrets the deployment generates in Secrets Manager.
 * Handlers read a secret's value from its `valueEnvVar` when set (loadSecret in
 * @citydesk/data), so locally we generate each secret once and keep it in
 * .data/secrets/, where a restart finds it again: the PII HMAC key must not change
 * under stored phone hashes. Without a data dir the values live for one run.
 * A value already present in the environment wins, so a developer can pin one.
 */

/** Env var → value for every secret of the manifest. */
export async function ensureLocalSecrets(dataDir: string | undefined): Promise<Record<string, string>> {
  const values: Record<string, string> = {};
  for (const [name, secret] of Object.entries(secrets)) {
    const preset = process.env[secret.valueEnvVar];
    if (preset) {
      values[secret.valueEnvVar] = preset;
      continue;
    }
    if (!dataDir) {
      values[secret.valueEnvVar] = randomBytes(32).toString('base64url');
      continue;
    }
    const file = join(dataDir, 'secrets', name);
    let value: string | undefined;
    try {
      value = (await readFile(file, 'utf8')).trim();
    } catch {
      value = undefined;
    }
    if (!value) {
      value = randomBytes(32).toString('base64url');
      await mkdir(join(dataDir, 'secrets'), { recursive: true, mode: 0o700 });
      await writeFile(file, `${value}\n`, { mode: 0o600 });
      await chmod(file, 0o600);
    }
    values[secret.valueEnvVar] = value;
  }
  return values;
}
