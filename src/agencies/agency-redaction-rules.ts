import { NotFoundError } from '../errors.ts';
import { recordSecurityEvent } from '../security/security-log.ts';
import { forgetAgencies } from './agency-directory.ts';
import { AgencyModel } from './agency-model.ts';
import { AGENCY_CODE } from './agency-code.ts';

/** Who changes the rules (a signed-in user's roles and agency). */
interface RuleEditor {
  id: string;
  roles: readonly string[];
  agency: string | null;
}

/** One of an agency's own redaction patterns (checked for RE2 by the caller's schema). */
export interface AgencyRuleInput {
  id: string;
  pattern: string;
}

/**
 * Throws "not found" unless `user` may change agency `code`'s patterns: admins, or the
 * agency's own agency admins; an agency outside the caller's scope is "not found", as
 * elsewhere (DESIGN §7). Checked before the body is read.
 */
export async function assertRulesInScope(user: RuleEditor, code: string): Promise<void> {
  const inScope = user.roles.includes('admin') || user.agency === code;
  const agency =
    inScope && AGENCY_CODE.test(code)
      ? await AgencyModel.findOne({ code }, { code: 1 }).lean()
      : null;
  if (!agency) throw new NotFoundError('AGENCY.NOT_FOUND', 'agency.notFound');
}

/**
 * Replaces an agency's own redaction patterns, applied with the global and national rules
 * before anything is published; every web process forgets its copy of the agency. The
 * caller checked the scope (`assertRulesInScope`). Recorded in the security log.
 */
export async function replaceAgencyRules(
  user: RuleEditor,
  code: string,
  rules: readonly AgencyRuleInput[],
  ip: string | null,
): Promise<void> {
  await AgencyModel.updateOne({ code }, { $set: { redactionRules: rules } });
  forgetAgencies();
  await recordSecurityEvent({
    type: 'redaction_rules_changed',
    actor: user.id,
    ip,
    target: code,
    data: { rules: rules.map((r) => r.id) },
  });
}
