// Imports every mongoose model once, so that indexes are created for all of them at boot.
export { AgencyModel } from './agencies/agency-model.ts';
export { UserModel } from './users/user-model.ts';
export { RequestModel } from './requests/request-model.ts';
export { RequestEventModel } from './requests/request-event-model.ts';
export { CounterModel } from './requests/ref-counter.ts';
export { NotificationModel } from './notifications/notification-model.ts';
export { UserTokenModel } from './users/user-token-store.ts';
export { SecurityEventModel } from './security/security-event-model.ts';
export { HolidayOverrideModel } from './jurisdictions/holiday-override-model.ts';
export { ApiTokenModel } from './users/api-token-store.ts';
export { MonthRollupModel, RollupModel } from './stats/rollup-model.ts';
export { FollowModel } from './follows/follow-model.ts';
export { PortalModel } from './portals/portal-model.ts';
export { WebhookDeliveryModel, WebhookEndpointModel } from './webhooks/webhook-model.ts';
