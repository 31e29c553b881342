import { type CallbackTaskRepository, callbackTaskId } from '../callback-task-repository.ts';
import {
  type NotificationProvider,
  type OutgoingMessage,
  ProviderFailure,
  type SendReceipt,
} from './notification-provider.ts';

/** "Call me back": a task on the tenant's call-back list instead of a message. Idempotent per dedupe key. */
export class CallbackTaskProvider implements NotificationProvider {
  readonly name = 'callback-tasks';
  readonly idempotent = true;
  readonly #tasks: CallbackTaskRepository;
  readonly #now: () => Date;

  constructor(tasks: CallbackTaskRepository, now: () => Date = () => new Date()) {
    this.#tasks = tasks;
    this.#now = now;
  }

  async send(message: OutgoingMessage): Promise<SendReceipt> {
    if (message.channel !== 'callback' || message.event === 'staff')
      throw new ProviderFailure('permanent', 'wrong-channel', 'tasks are for call-backs to citizens');
    const { task } = await this.#tasks.createOnce({
      id: callbackTaskId(message.dedupeKey),
      tenantId: message.tenantId,
      caseId: message.caseId,
      trackingNo: message.trackingNo,
      eventId: message.eventId,
      event: message.event,
      language: message.language,
      status: 'open',
      createdAt: this.#now().toISOString(),
    });
    return { providerMessageId: `callback-${task.id}` };
  }
}
