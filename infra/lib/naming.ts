/** `OutboxDispatcher` → `outbox-dispatcher`: construct ids become physical-name fragments. */
export const toKebabCase = (id: string): string => id.replace(/([a-z0-9])([A-Z])/g, '$1-$2').toLowerCase();

/** `routing` / `survey-send` → `Routing` / `SurveySend`: manifest names become construct ids. */
export const toPascalCase = (name: string): string =>
  name
    .split(/[-_]/)
    .map((part) => part.charAt(0).toUpperCase() + part.slice(1))
    .join('');
