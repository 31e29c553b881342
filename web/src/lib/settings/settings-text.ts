import type {
  NotificationEvent,
  Priority,
  QuestionDatatype,
  TemplateChannel,
  TenantSettingsSection,
} from '@citydesk/domain';
import { m } from '#lib/paraglide/messages.js';

/** The names of settings sections, datatypes, weekdays and template events in the page's language. */

// Partial: a section added to the settings before this editor knows it is named by its id.
const sectionText: Partial<Record<TenantSettingsSection, () => string>> = {
  contact: m.org_section_contact,
  logo: m.org_section_logo,
  departments: m.org_section_departments,
  teams: m.org_section_teams,
  deputies: m.org_section_deputies,
  calendar: m.org_section_calendar,
  workTypeOverrides: m.org_section_work_types,
  resultTexts: m.org_section_result_texts,
  notificationTemplates: m.org_section_templates,
};
export const sectionLabel = (section: TenantSettingsSection): string => sectionText[section]?.() ?? section;

const datatypeText: Record<QuestionDatatype, () => string> = {
  string: m.org_datatype_string,
  number: m.org_datatype_number,
  datetime: m.org_datatype_datetime,
  text: m.org_datatype_text,
  singlevaluelist: m.org_datatype_singlevaluelist,
  multivaluelist: m.org_datatype_multivaluelist,
};
export const datatypeLabel = (datatype: QuestionDatatype): string => datatypeText[datatype]();

const weekdayText: (() => string)[] = [
  m.org_weekday_1,
  m.org_weekday_2,
  m.org_weekday_3,
  m.org_weekday_4,
  m.org_weekday_5,
  m.org_weekday_6,
  m.org_weekday_7,
];
/** ISO weekday, 1 = Monday. */
export const weekdayLabel = (day: number): string => weekdayText[day - 1]?.() ?? String(day);

const eventText: Record<NotificationEvent, () => string> = {
  routed: m.org_event_routed,
  accepted: m.org_event_accepted,
  on_hold: m.org_event_on_hold,
  resolved: m.org_event_resolved,
  closed: m.org_event_closed,
  reopened: m.org_event_reopened,
  survey: m.org_event_survey,
};
export const eventLabel = (event: NotificationEvent): string => eventText[event]();

const channelText: Record<TemplateChannel, () => string> = {
  sms: m.org_channel_sms,
  email: m.org_channel_email,
};
export const templateChannelLabel = (channel: TemplateChannel): string => channelText[channel]();

export const PRIORITIES: readonly Priority[] = ['low', 'normal', 'high', 'urgent'];
