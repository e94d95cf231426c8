// The API's types: every schema of the OpenAPI document by its own name (generated into ./schema.ts by
// scripts/generate-api-types.mjs), plus a few names the UI needs for parts of them.
import type { operations } from './schema'
import type { Message, Workflow } from './schema'

export type * from './schema'
export {
  actionValues as ACTIONS,
  causeCategoryValues as CAUSE_CATEGORIES,
  channelValues as CHANNELS,
  clockExtensionUnitValues as EXTENSION_UNITS,
  clockStartValues as CLOCK_STARTS,
  clockTypeValues as CLOCK_TYPES,
  difficultyValues as DIFFICULTIES,
  escalationActionValues as ESCALATION_ACTIONS,
  levelValues as LEVELS,
  permissionValues as PERMISSIONS,
  requestKindValues as REQUEST_KINDS,
  roleValues as ROLES,
  slaTargetValues as SLA_TARGETS,
  statusValues as STATUSES,
} from './schema'

/** Query parameters of GET /api/v1/complaints. */
export type ListQuery = NonNullable<operations['complaints_list']['parameters']['query']>
export type Visibility = Message['visibility']
export type Transition = Workflow['transitions'][number]
