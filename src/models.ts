// Imports every mongoose model once, so that indexes are created for all of them at boot.
import './agencies/agency-model.ts';
import './users/user-model.ts';
import './requests/request-model.ts';
import './requests/request-event-model.ts';
import './requests/ref-counter.ts';
import './notifications/notification-model.ts';
import './users/user-token-store.ts';
import './security/security-event-model.ts';
import './jurisdictions/holiday-override-model.ts';
import './users/api-token-store.ts';
import './stats/rollup-model.ts';
import './follows/follow-model.ts';
import './portals/portal-model.ts';
import './webhooks/webhook-model.ts';
import './seed/demo-record-model.ts';
