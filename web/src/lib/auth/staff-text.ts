import type { PrincipalTenantType, Role } from '@citydesk/domain';
import { m } from '#lib/paraglide/messages.js';
import type { SignInFailure } from './cognito-auth.ts';
import type { StaffSectionId } from './staff-sections.ts';

/*
 * Localized names for the staff area's vocabulary. Records (not switch statements)
 * so that adding a role, a tenant type or a section fails the type check until it
 * has a text in both languages.
 */

const roleText: Record<Role, () => string> = {
  agent: m.role_agent,
  coordinator: m.role_coordinator,
  staff: m.role_staff,
  supervisor: m.role_supervisor,
  manager: m.role_manager,
  admin: m.role_admin,
  muhtar: m.role_muhtar,
  platform: m.role_platform,
  integration: m.role_integration,
};

const tenantTypeText: Record<PrincipalTenantType, () => string> = {
  metropolitan: m.tenant_type_metropolitan,
  district: m.tenant_type_district,
  utility: m.tenant_type_utility,
  platform: m.tenant_type_platform,
};

const sectionText: Record<StaffSectionId, { title: () => string; text: () => string }> = {
  intake: { title: m.section_intake_title, text: m.section_intake_text },
  triage: { title: m.section_triage_title, text: m.section_triage_text },
  queue: { title: m.section_queue_title, text: m.section_queue_text },
  neighbourhood: { title: m.section_neighbourhood_title, text: m.section_neighbourhood_text },
  dashboards: { title: m.section_dashboards_title, text: m.section_dashboards_text },
  settings: { title: m.section_settings_title, text: m.section_settings_text },
  webhooks: { title: m.section_webhooks_title, text: m.section_webhooks_text },
  users: { title: m.section_users_title, text: m.section_users_text },
  platform: { title: m.section_platform_title, text: m.section_platform_text },
  organisation: { title: m.section_organisation_title, text: m.section_organisation_text },
  outbox: { title: m.section_outbox_title, text: m.section_outbox_text },
  surveyFollowUps: { title: m.section_surveyFollowUps_title, text: m.section_surveyFollowUps_text },
  inbox: { title: m.section_inbox_title, text: m.section_inbox_text },
  incidents: { title: m.section_incidents_title, text: m.section_incidents_text },
};

const signInFailureText: Record<SignInFailure, () => string> = {
  'invalid-credentials': m.signin_error_invalid_credentials,
  'too-many-attempts': m.signin_error_too_many_attempts,
  'new-password-required': m.signin_error_new_password_required,
  'mfa-required': m.signin_error_mfa_required,
  'password-reset-required': m.signin_error_password_reset_required,
  'account-not-ready': m.signin_error_account_not_ready,
  network: m.signin_error_network,
  unexpected: m.signin_error_unexpected,
};

export const roleLabel = (role: Role): string => roleText[role]();
export const tenantTypeLabel = (type: PrincipalTenantType): string => tenantTypeText[type]();
export const sectionTitle = (id: StaffSectionId): string => sectionText[id].title();
export const sectionDescription = (id: StaffSectionId): string => sectionText[id].text();
export const signInFailureMessage = (failure: SignInFailure): string => signInFailureText[failure]();
