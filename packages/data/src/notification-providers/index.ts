export * from './callback-task-provider.ts';
export * from './dev-outbox-provider.ts';
export * from './faulty-notification-provider.ts';
export * from './netgsm-sms-provider.ts';
export * from './notification-provider.ts';
export * from './ses-email-provider.ts';
export * from './sns-sms-provider.ts';
