/**
 * One error type for everything the API refuses. A code is stable and English; the message a
 * person reads comes from the catalogue below in the request's locale.
 */
export type Locale = 'zh-CN' | 'en';

export class AppError extends Error {
  constructor(
    readonly code: string,
    readonly status: number,
    readonly details?: unknown,
  ) {
    super(code);
    this.name = 'AppError';
  }
}

export const notFound = (what: string) => new AppError(`${what}_NOT_FOUND`, 404);

type Messages = Record<string, { 'zh-CN': string; en: string }>;

const MESSAGES: Messages = {
  VALIDATION_FAILED: { 'zh-CN': '请求内容有误', en: 'The request is invalid' },
  INVALID_JSON: { 'zh-CN': '请求体不是有效的 JSON', en: 'The request body is not valid JSON' },
  BODY_TOO_LARGE: { 'zh-CN': '请求体过大(上限 1 MiB)', en: 'The request body is too large (limit 1 MiB)' },
  UNSUPPORTED_MEDIA_TYPE: { 'zh-CN': '不支持的内容类型', en: 'Unsupported content type' },
  NOT_FOUND: { 'zh-CN': '资源不存在', en: 'Not found' },
  INTERNAL: { 'zh-CN': '服务器内部错误,请稍后再试', en: 'Internal error, please try again later' },
  RATE_LIMITED: { 'zh-CN': '请求过于频繁,请稍后再试', en: 'Too many requests, please slow down' },
  UNAUTHENTICATED: { 'zh-CN': '请先登录', en: 'Please log in' },
  SESSION_EXPIRED: { 'zh-CN': '长时间未操作,会话已过期,请重新登录', en: 'Your session expired, please log in again' },
  FORBIDDEN: { 'zh-CN': '无权执行此操作', en: 'You are not allowed to do this' },
  CSRF_INVALID: { 'zh-CN': '安全校验失败,请刷新页面后重试', en: 'Security check failed, reload the page and retry' },
  INVALID_CREDENTIALS: { 'zh-CN': '用户名或密码错误', en: 'Wrong username or password' },
  ACCOUNT_LOCKED: {
    'zh-CN': '连续登录失败次数过多,账号已锁定 15 分钟',
    en: 'Too many failed logins: the account is locked for 15 minutes',
  },
  ACCOUNT_DISABLED: { 'zh-CN': '账号已停用', en: 'The account is disabled' },
  MFA_REQUIRED: { 'zh-CN': '请输入动态验证码', en: 'Enter your authenticator code' },
  MFA_INVALID: { 'zh-CN': '动态验证码错误', en: 'Wrong authenticator code' },
  MFA_ENROLMENT_REQUIRED: {
    'zh-CN': '管理员账号须先绑定动态验证码',
    en: 'Administrators must set up an authenticator first',
  },
  MFA_ALREADY_ENABLED: { 'zh-CN': '已绑定动态验证码', en: 'An authenticator is already set up' },
  MFA_NOT_STARTED: { 'zh-CN': '请先获取绑定二维码', en: 'Start the authenticator setup first' },
  PASSWORD_CHANGE_REQUIRED: { 'zh-CN': '密码已过期,请先修改密码', en: 'Your password expired: change it first' },
  PASSWORD_POLICY: { 'zh-CN': '密码不符合安全要求', en: 'The password does not meet the policy' },
  PASSWORD_WRONG: { 'zh-CN': '当前密码错误', en: 'The current password is wrong' },
  IDEMPOTENCY_KEY_REUSED: {
    'zh-CN': '幂等键已用于另一个请求',
    en: 'This Idempotency-Key was used for a different request',
  },
  IDEMPOTENCY_IN_PROGRESS: { 'zh-CN': '相同请求正在处理中', en: 'The same request is still being processed' },
  DATA_DIR_LOCKED: {
    'zh-CN': '数据目录正被另一个进程使用',
    en: 'The data directory is in use by another process',
  },
  ROOM_NOT_FOUND: { 'zh-CN': '房屋不存在', en: 'Room not found' },
  BUILDING_NOT_FOUND: { 'zh-CN': '楼栋不存在', en: 'Building not found' },
  ROOM_NUMBER_TAKEN: { 'zh-CN': '该单元已有此房号', en: 'This unit already has a room with that number' },
  ORGANISATION_NOT_FOUND: { 'zh-CN': '实有单位不存在', en: 'Organisation not found' },
  FACILITY_NOT_FOUND: { 'zh-CN': '设施不存在', en: 'Facility not found' },
  UNIT_NOT_FOUND: { 'zh-CN': '组织单元不存在', en: 'Organisation unit not found' },
  PARENT_NOT_FOUND: { 'zh-CN': '上级单元不存在', en: 'Parent unit not found' },
  UNIT_KIND_NOT_ALLOWED: {
    'zh-CN': '该上级单元下不能建立此类单元',
    en: 'This kind of unit cannot sit under that parent',
  },
  UNIT_CODE_INVALID: { 'zh-CN': '区划代码不合规', en: 'The unit code is invalid' },
  UNIT_CODE_TAKEN: { 'zh-CN': '区划代码已被使用', en: 'The unit code is already used' },
  UNIT_NOT_EMPTY: {
    'zh-CN': '该单元下仍有下级单元或人员,不能删除',
    en: 'The unit still has sub-units or members and cannot be deleted',
  },
  UNIT_RETIRED: { 'zh-CN': '该单元已撤销', en: 'The unit is retired' },
  UNIT_MOVE_CYCLE: {
    'zh-CN': '不能移动到自身或其下级单元之下',
    en: 'A unit cannot move under itself or its descendants',
  },
  NOT_A_GRID: { 'zh-CN': '只有网格可以拆分或合并', en: 'Only grids can be split or merged' },
  GRIDS_NOT_SIBLINGS: { 'zh-CN': '合并的网格须属于同一社区', en: 'Merged grids must belong to one community' },
  PARTY_ORG_NOT_FOUND: { 'zh-CN': '党组织不存在', en: 'Party organisation not found' },
  PARTY_KIND_NOT_ALLOWED: {
    'zh-CN': '党组织层级与所属单元不符',
    en: 'The party organisation does not fit that unit or parent',
  },
  PERSON_NOT_FOUND: { 'zh-CN': '人员不存在', en: 'Person not found' },
  HOUSEHOLD_NOT_FOUND: { 'zh-CN': '户不存在', en: 'Household not found' },
  HOUSEHOLD_DISSOLVED: { 'zh-CN': '该户已注销', en: 'The household is dissolved' },
  SAME_HOUSEHOLD: { 'zh-CN': '不能并入本户', en: 'A household cannot merge into itself' },
  ID_NUMBER_TAKEN: {
    'zh-CN': '该身份证号已登记在另一人名下',
    en: 'This id number is already registered to another person',
  },
  ALREADY_IN_HOUSEHOLD: {
    'zh-CN': '此人已在另一户中,请先办理迁出或分户',
    en: 'This person is already in another household; record a move out or split first',
  },
  LIFE_EVENT_NOT_ALLOWED: {
    'zh-CN': '此人当前状态下不能登记该事项',
    en: 'This event cannot be recorded for the person in their current status',
  },
  MIGRANT_NOT_REGISTERED: {
    'zh-CN': '此人没有未注销的流动人口登记',
    en: 'The person has no open migrant registration',
  },
  MFA_REQUIRED_FOR_REVEAL: {
    'zh-CN': '查看完整身份证号或电话须先绑定动态验证码',
    en: 'Set up an authenticator before revealing a full id number or phone',
  },
  TAG_NOT_FOUND: { 'zh-CN': '标签不存在', en: 'Tag not found' },
  TAG_CODE_TAKEN: { 'zh-CN': '标签代码已存在', en: 'The tag code is already used' },
  TAG_BUILTIN: {
    'zh-CN': '内置标签不能修改或停用',
    en: 'Built-in tags cannot be changed or retired',
  },
  TAG_ALREADY_SET: { 'zh-CN': '此人已有该标签', en: 'The person already has this tag' },
  TAG_ALREADY_ENDED: { 'zh-CN': '该标签已结束', en: 'The tag has already ended' },
  PERSON_TAG_NOT_FOUND: { 'zh-CN': '人员标签不存在', en: 'Person tag not found' },
  USER_NOT_FOUND: { 'zh-CN': '账号不存在', en: 'User not found' },
  USERNAME_TAKEN: { 'zh-CN': '用户名已存在', en: 'The username is taken' },
  PERSON_HAS_ACCOUNT: { 'zh-CN': '此人已开通居民账号', en: 'This person already has an account' },
  PERSON_NOT_RESIDENT: { 'zh-CN': '此人已迁出或去世,不能开通账号', en: 'This person has moved out or died' },
  GRANT_NOT_FOUND: { 'zh-CN': '角色授权不存在', en: 'Role grant not found' },
  ROLE_CONFLICT: {
    'zh-CN': '系统管理员、审计员不得与其他角色兼任(三员分立)',
    en: 'Sysadmin and auditor roles cannot be combined with other roles',
  },
  ROLE_ALREADY_GRANTED: { 'zh-CN': '该角色已授予', en: 'The role is already granted there' },
  SELF_GRANT: { 'zh-CN': '不能修改自己的角色或状态', en: 'You cannot change your own roles or status' },
  IMPORT_NOT_FOUND: { 'zh-CN': '导入记录不存在', en: 'Import not found' },
  IMPORT_NOT_CHECKED: {
    'zh-CN': '导入尚未检查完成或检查失败,不能提交',
    en: 'The import has not been checked (or its check failed) and cannot be committed',
  },
  IMPORT_ALREADY_COMMITTED: { 'zh-CN': '该导入已提交', en: 'This import has already been committed' },
  IMPORT_FILE_TOO_LARGE: { 'zh-CN': '上传文件过大(上限 20 MB)', en: 'The uploaded file is too large (limit 20 MB)' },
  IMPORT_FILE_TYPE: {
    'zh-CN': '只能导入 .xlsx 或 .csv 文件',
    en: 'Only .xlsx and .csv files can be imported',
  },
  IMPORT_FILE_MISSING: { 'zh-CN': '请选择要导入的文件', en: 'Choose a file to import' },
  // ── visits: records (民情日记, sync, photos) ──
  VISIT_NOT_FOUND: { 'zh-CN': '走访记录不存在', en: 'Visit record not found' },
  VISIT_SUBJECT_NOT_FOUND: {
    'zh-CN': '走访对象不存在或不在您的网格内',
    en: 'The household or person visited is not in your grids',
  },
  VISIT_SUBJECT_REQUIRED: { 'zh-CN': '请选择走访的户或人员', en: 'Choose the household or persons visited' },
  VISIT_PERSON_NOT_IN_HOUSEHOLD: {
    'zh-CN': '所选人员不是该户的现有成员',
    en: 'A person chosen is not a current member of the household',
  },
  VISIT_TIME_IN_FUTURE: {
    'zh-CN': '走访时间晚于当前时间,请检查手机时间',
    en: 'The visit time is in the future: check the phone’s clock',
  },
  VISIT_TIME_TOO_OLD: {
    'zh-CN': '走访时间早于 90 天前,不能再补录',
    en: 'The visit is more than 90 days old and can no longer be recorded',
  },
  VISIT_PHOTO_NOT_FOUND: {
    'zh-CN': '照片尚未上传或不是您上传的',
    en: 'A photo has not been uploaded, or not by you',
  },
  VISIT_NOT_SAVED: { 'zh-CN': '该条记录未能保存,请稍后重试', en: 'This record could not be saved; try again later' },
  PHOTO_NOT_FOUND: { 'zh-CN': '照片不存在', en: 'Photo not found' },
  PHOTO_NOT_AN_IMAGE: {
    'zh-CN': '上传的文件不是照片(支持 JPEG、PNG、WebP、HEIC)',
    en: 'The file is not a photo (JPEG, PNG, WebP or HEIC)',
  },
  PHOTO_ID_TAKEN: {
    'zh-CN': '该照片编号已用于另一张照片',
    en: 'This photo id is already used for another photo',
  },
  PAYLOAD_TOO_LARGE: { 'zh-CN': '上传内容过大', en: 'The upload is too large' },
  // ── points: ledger ──
  POINTS_ACCOUNT_NOT_FOUND: { 'zh-CN': '积分账户不存在', en: 'Points account not found' },
  POINTS_TRANSFER_NOT_FOUND: { 'zh-CN': '积分记录不存在', en: 'Points transfer not found' },
  POINTS_HOLDER_NOT_FOUND: {
    'zh-CN': '找不到该居民、家庭或其所属社区',
    en: 'The person or household, or their community, was not found',
  },
  POINTS_NOT_PARTY_MEMBER: { 'zh-CN': '该居民不是党员', en: 'This person is not a party member' },
  POINTS_BALANCE_TOO_LOW: { 'zh-CN': '积分余额不足', en: 'Not enough points' },
  POINTS_ALREADY_REVERSED: { 'zh-CN': '该笔积分已冲正过', en: 'This transfer has already been reversed' },
  POINTS_NOT_REVERSIBLE: {
    'zh-CN': '该笔积分不能冲正(冲正记录、兑换与退还请通过订单处理)',
    en: 'This transfer cannot be reversed (reversals, redemptions and refunds are handled through orders)',
  },
  POINTS_NO_PERSON: {
    'zh-CN': '您的账号尚未关联居民信息,请联系社区工作人员',
    en: 'Your account is not linked to a resident record yet: ask the community office',
  },
  // ── points: store ──
  POINTS_STORE_ITEM_NOT_FOUND: { 'zh-CN': '兑换商品不存在', en: 'Store item not found' },
  POINTS_ORDER_NOT_FOUND: { 'zh-CN': '兑换订单不存在', en: 'Order not found' },
  POINTS_ITEM_INACTIVE: { 'zh-CN': '该商品已下架', en: 'This item is no longer offered' },
  POINTS_ITEM_NOT_YET_VALID: { 'zh-CN': '该商品尚未开始兑换', en: 'This item cannot be redeemed yet' },
  POINTS_ITEM_EXPIRED: { 'zh-CN': '该商品已过兑换期', en: 'This item can no longer be redeemed' },
  POINTS_LIMIT_REACHED: {
    'zh-CN': '已达到该商品每人限兑数量',
    en: 'You have reached the per-person limit for this item',
  },
  POINTS_OUT_OF_STOCK: { 'zh-CN': '库存不足', en: 'Not enough left in stock' },
  POINTS_ORDER_NOT_OPEN: {
    'zh-CN': '该订单已核销、取消或过期',
    en: 'This order has already been handed over, cancelled or expired',
  },
  // ── points: catalogue and claims ──
  POINTS_RULE_NOT_FOUND: { 'zh-CN': '积分项目不存在', en: 'Points rule not found' },
  POINTS_RULE_CODE_TAKEN: { 'zh-CN': '该单位已有此编号的积分项目', en: 'This unit already has a rule with that code' },
  POINTS_RULE_RETIRED: { 'zh-CN': '该积分项目已停用', en: 'The rule is retired' },
  POINTS_CLAIM_NOT_FOUND: { 'zh-CN': '积分申报不存在', en: 'Points claim not found' },
  POINTS_CLAIM_STATUS: {
    'zh-CN': '该申报当前状态下不能进行此操作',
    en: 'The claim cannot take this step in its current status',
  },
  POINTS_PERSON_NOT_FOUND: { 'zh-CN': '居民不存在或不在您的管辖范围内', en: 'Person not found in your area' },
  POINTS_HOUSEHOLD_NOT_FOUND: { 'zh-CN': '户不存在或不在您的管辖范围内', en: 'Household not found in your area' },
  POINTS_NO_HOUSEHOLD: {
    'zh-CN': '按户计分的项目需要此人登记在某一户中',
    en: 'This rule credits a household, and the person belongs to none',
  },
  POINTS_CAP_REACHED: {
    'zh-CN': '已达到该项目本月或本年的积分上限',
    en: 'The monthly or yearly cap of this rule is reached',
  },
  POINTS_EVIDENCE_MISSING: {
    'zh-CN': '申报缺少该项目要求的证明材料,请先要求补充',
    en: 'The claim lacks evidence the rule requires: ask for more first',
  },
  // ── points: rankings and party ──
  POINTS_RANKING_EMPTY: {
    'zh-CN': '该期间还没有人获得积分,无可公示的排行',
    en: 'Nobody earned points in this period: there is no ranking to publish',
  },
  POINTS_PUBLICATION_NOT_FOUND: { 'zh-CN': '公示不存在', en: 'Notice not found' },
  POINTS_PUBLICATION_NOT_OPEN: { 'zh-CN': '该公示已结束或已撤回', en: 'The notice has ended or was withdrawn' },
  POINTS_OBJECTION_CLOSED: {
    'zh-CN': '异议期已结束,不能再提出异议',
    en: 'The objection period is over',
  },
  POINTS_OBJECTION_NOT_FOUND: { 'zh-CN': '异议不存在', en: 'Objection not found' },
  POINTS_OBJECTION_ANSWERED: { 'zh-CN': '该异议已答复', en: 'The objection has already been answered' },
  POINTS_POST_NOT_FOUND: { 'zh-CN': '责任岗不存在', en: 'Duty post not found' },
  POINTS_POST_INACTIVE: { 'zh-CN': '该责任岗已停用', en: 'The duty post is no longer in use' },
  POINTS_POST_ALREADY_HELD: { 'zh-CN': '本季度已认领该责任岗', en: 'The post is already held for this quarter' },
  POINTS_POST_FULL: { 'zh-CN': '该责任岗本季度人数已满', en: 'The post is full for this quarter' },
  POINTS_POST_CAPACITY_BELOW_HELD: {
    'zh-CN': '人数上限不能少于本季度已在岗人数',
    en: 'The capacity cannot be below the number holding the post this quarter',
  },
  // ── cases: core ──
  CASE_NOT_FOUND: { 'zh-CN': '事件不存在', en: 'Case not found' },
  // ── cases: open311 + board + duplicates ──
  CASE_MERGE_SELF: { 'zh-CN': '不能把事件合并到它自己', en: 'A case cannot be merged into itself' },
  CASE_MERGE_TARGET_NOT_OPEN: {
    'zh-CN': '只能合并到尚未办结的事件',
    en: 'A case can only be merged into a case that is still open',
  },
  CASE_MERGE_OTHER_DISTRICT: { 'zh-CN': '不能合并不同区的事件', en: 'Cases of different districts cannot be merged' },
  CASE_OPEN311_KEY_INVALID: { 'zh-CN': 'api_key 缺失或无效', en: 'The api_key is missing or invalid' },
  CASE_OPEN311_SERVICE_UNKNOWN: { 'zh-CN': '未知的 service_code', en: 'Unknown service_code' },
  CASE_OPEN311_LOCATION_REQUIRED: {
    'zh-CN': '须提供 lat 与 long,或 address_string',
    en: 'lat and long, or address_string, are required',
  },
  CASE_OPEN311_LOCATION_OUTSIDE: {
    'zh-CN': 'lat/long 不在本区范围内',
    en: 'lat/long lies outside the district',
  },
  CASE_OPEN311_FORMAT: { 'zh-CN': '格式须为 json 或 xml', en: 'The format must be json or xml' },
  CASE_OPEN311_BAD_PARAM: { 'zh-CN': '参数有误', en: 'A parameter is invalid' },
  CASE_OPEN311_UNAVAILABLE: {
    'zh-CN': '本区尚未开放 Open311 接入',
    en: 'Open311 is not available for this district',
  },
  // ── cases: intake ──
  CASE_UID_TAKEN: {
    'zh-CN': '该事件编号已被他人使用,请重新生成后提交',
    en: 'This case id is used by someone else; make a new one and submit again',
  },
  // ── cases: workflow ──
  CASE_TRANSITION_FORBIDDEN: {
    'zh-CN': '事件当前状态下不能执行此操作',
    en: 'This action is not allowed in the case’s current status',
  },
  CASE_TARGET_INVALID: {
    'zh-CN': 'target 须为本区的职能部门或事件所在社区,且不同于当前承办单位',
    en: 'target must be a department of the district or the case’s community, other than the current handler',
  },
  CASE_ASSIGNEE_INVALID: {
    'zh-CN': 'assignee 须为承办单位中可办理事件的账号',
    en: 'assignee must be an account that handles cases in the handling unit',
  },
  CASE_TEMPLATE_NOT_FOUND: {
    'zh-CN': 'template 回复模板不存在或已停用',
    en: 'template: no such active reply template',
  },
  CASE_PHOTO_NOT_FOUND: {
    'zh-CN': '照片不存在或不是本人上传的事件照片',
    en: 'The photo does not exist or is not a case photo you uploaded',
  },
  CASE_TASK_NOT_FOUND: { 'zh-CN': '回访任务不存在', en: 'Follow-up task not found' },
  CASE_TASK_DONE: { 'zh-CN': '回访任务已完成', en: 'The follow-up task is already done' },
  // ── cases: admin + jobs ──
  CASE_CATEGORY_NOT_FOUND: { 'zh-CN': '事件分类不存在', en: 'Case category not found' },
  CASE_CATEGORY_CODE_TAKEN: {
    'zh-CN': 'code:本区已有该编码的事件分类',
    en: 'code: the district already has a category with this code',
  },
  CASE_REPLY_TEMPLATE_NOT_FOUND: { 'zh-CN': '回复模板不存在', en: 'Reply template not found' },
  CASE_CALENDAR_DAY_NOT_FOUND: {
    'zh-CN': '本区没有为该日设置节假日或调休',
    en: 'The district has no entry of its own for this day',
  },
  CASE_OPEN311_CLIENT_NOT_FOUND: { 'zh-CN': 'Open311 接入方不存在', en: 'Open311 client not found' },
  CASE_OPEN311_CLIENT_REVOKED: { 'zh-CN': '该 Open311 接入方已停用', en: 'The Open311 client is already revoked' },
  // ── deliberation: meetings + notices ──
  DELIB_MEETING_NOT_FOUND: { 'zh-CN': '会议不存在', en: 'Meeting not found' },
  DELIB_MEETING_EXISTS: {
    'zh-CN': 'uid:已有使用该编号的会议',
    en: 'uid: a meeting with this id already exists',
  },
  DELIB_MEETING_CANCELLED: { 'zh-CN': '会议已取消', en: 'The meeting is cancelled' },
  DELIB_MEETING_HELD: {
    'zh-CN': '会议已召开并记录了会议纪要,不能再修改时间、地点、议程或参会人员',
    en: 'The meeting has been held and minuted: its time, place, agenda and attendees can no longer change',
  },
  DELIB_MEETING_NOT_STARTED: {
    'zh-CN': '会议尚未开始,不能记录会议纪要',
    en: 'The meeting has not started yet: no minutes can be recorded',
  },
  DELIB_SIGN_IN_CLOSED: {
    'zh-CN': '不在签到时间内(会议开始前 30 分钟至会议结束)',
    en: 'Sign-in is not open (from 30 minutes before the meeting until it ends)',
  },
  DELIB_NOT_CALLED: { 'zh-CN': '您不在本次会议的参会名单中', en: 'You are not called to this meeting' },
  NOTICE_NOT_FOUND: { 'zh-CN': '通知不存在', en: 'Notice not found' },
  // used by GET /api/deliberation/councils/:uid/ics too; the councils part may move it to its block
  DELIB_COUNCIL_NOT_FOUND: { 'zh-CN': '议事会不存在', en: 'Council not found' },
  // ── deliberation: votes + draws ──
  DELIB_VOTE_NOT_FOUND: { 'zh-CN': '表决不存在', en: 'Vote not found' },
  DELIB_VOTE_EXISTS: {
    'zh-CN': '已有使用该编号的表决,或该议题步骤已有表决',
    en: 'A vote with this id exists already, or the topic’s step has its vote already',
  },
  DELIB_VOTE_NOT_DRAFT: { 'zh-CN': '表决已开始或已结束,不能再次开始', en: 'The vote is already open or over' },
  DELIB_VOTE_NOT_OPEN: { 'zh-CN': '表决尚未开始', en: 'The vote has not opened yet' },
  DELIB_VOTE_CLOSED: { 'zh-CN': '表决已结束或已取消', en: 'The vote is closed or cancelled' },
  DELIB_VOTE_SECRET: {
    'zh-CN': '无记名投票不能由工作人员代为登记',
    en: 'A secret ballot cannot be recorded by staff',
  },
  DELIB_ROLL_EMPTY: {
    'zh-CN': '没有符合条件的投票人,不能开始表决',
    en: 'No one is eligible to vote: the vote cannot open',
  },
  DELIB_ALREADY_VOTED: { 'zh-CN': '您已投过票', en: 'You have voted already' },
  DELIB_NOT_ELIGIBLE: { 'zh-CN': '您不在本次表决的投票人名单中', en: 'You are not on the roll of this vote' },
  DELIB_RECEIPT_INVALID: {
    'zh-CN': '投票凭证不正确,无法修改选票',
    en: 'The ballot receipt is wrong: the ballot cannot be changed',
  },
  DELIB_DRAW_NOT_FOUND: { 'zh-CN': '抽签不存在', en: 'Draw not found' },
  DELIB_DRAW_EXISTS: { 'zh-CN': '已有使用该编号的抽签', en: 'A draw with this id exists already' },
  DELIB_DRAW_DONE: { 'zh-CN': '该抽签已经进行过,不能重抽', en: 'The draw has been made already and cannot be redone' },
  DELIB_DRAW_SEED_MISMATCH: {
    'zh-CN': '种子与事先公布的哈希值不符',
    en: 'The seed does not match the hash published beforehand',
  },
  // ── deliberation: micro + board ──
  DELIB_BUDGET_NOT_FOUND: { 'zh-CN': '民生微实事预算不存在', en: 'Micro-project budget not found' },
  DELIB_BUDGET_EXISTS: {
    'zh-CN': '该社区本年度已有民生微实事预算,或该编号已被使用',
    en: 'The community has a budget for that year already, or the id is taken',
  },
  DELIB_BUDGET_PHASE: {
    'zh-CN': '预算当前所处阶段不允许此操作',
    en: 'The budget’s current phase does not allow this',
  },
  DELIB_BUDGET_UNREVIEWED: {
    'zh-CN': '还有项目未完成可行性审核,不能开始投票',
    en: 'Some projects are not yet reviewed for feasibility: the vote cannot open',
  },
  DELIB_BUDGET_NO_FEASIBLE: {
    'zh-CN': '没有经审核可行的项目,不能开始投票',
    en: 'No project was found feasible: the vote cannot open',
  },
  DELIB_BUDGET_VOTE_CANCELLED: {
    'zh-CN': '该预算的投票已被取消,无法确定入选项目',
    en: 'The budget’s vote was cancelled: no projects can be selected from it',
  },
  DELIB_BUDGET_WORK_OPEN: {
    'zh-CN': '还有项目正在实施或待验收,不能结束该预算',
    en: 'Projects are still being carried out or awaiting acceptance: the budget cannot close',
  },
  DELIB_PROPOSALS_CLOSED: {
    'zh-CN': '项目征集已截止',
    en: 'Proposals are closed',
  },
  DELIB_PROJECT_NOT_FOUND: { 'zh-CN': '民生微实事项目不存在', en: 'Micro-project not found' },
  DELIB_PROJECT_EXISTS: { 'zh-CN': '已有使用该编号的项目', en: 'A project with this id exists already' },
  DELIB_PROJECT_STATUS: {
    'zh-CN': '项目当前状态不允许此操作',
    en: 'The project’s current status does not allow this',
  },
  DELIB_PROJECT_LOCKED: {
    'zh-CN': '项目征集阶段已结束,提议不能再修改',
    en: 'The proposing phase is over: the proposal can no longer change',
  },
  DELIB_NOT_PROPOSER: { 'zh-CN': '只有提议人可以修改该项目', en: 'Only the proposer may change this project' },
  DELIB_MILESTONE_EXISTS: { 'zh-CN': '已有使用该编号的实施进展', en: 'A milestone with this id exists already' },
  // ── deliberation: councils + topics ──
  DELIB_COUNCIL_EXISTS: { 'zh-CN': '已有使用该编号的议事会', en: 'A council with this id exists already' },
  DELIB_MEMBER_NOT_FOUND: { 'zh-CN': '议事会成员不存在', en: 'Council member not found' },
  DELIB_MEMBER_EXISTS: {
    'zh-CN': '此人已是该议事会的现任成员(利益相关方按议题计)',
    en: 'This person already sits on the council (stakeholders: for this topic)',
  },
  DELIB_MEMBER_LEFT: { 'zh-CN': '该成员已离任', en: 'The member has left already' },
  DELIB_TOPIC_NOT_FOUND: { 'zh-CN': '议题不存在', en: 'Topic not found' },
  DELIB_TOPIC_EXISTS: { 'zh-CN': '已有使用该编号的议题', en: 'A topic with this id exists already' },
  DELIB_TOPIC_STATUS: {
    'zh-CN': '议题当前所处状态不允许此操作',
    en: 'The topic’s current status does not allow this',
  },
  DELIB_TOPIC_LOCKED: {
    'zh-CN': '该议题的表决已经开始,议题内容不能再修改',
    en: 'A vote on this topic has opened: the proposal can no longer be edited',
  },
  DELIB_TOPIC_NOT_PROPOSER: { 'zh-CN': '只有提议人可以这样做', en: 'Only the proposer may do this' },
  DELIB_SUPPORT_OWN: { 'zh-CN': '提议人不能为自己的议题联名', en: 'The proposer cannot co-sign their own topic' },
  DELIB_STEP_SKIPPED: {
    'zh-CN': '议事程序的步骤不能跳过,请先完成当前步骤',
    en: 'A step of the procedure cannot be skipped: complete the current step first',
  },
  DELIB_STEP_FINISHED: { 'zh-CN': '该议题的议事程序已全部完成', en: 'Every step of the topic’s procedure is complete' },
  DELIB_STEP_RECORD_MISSING: {
    'zh-CN': '完成此步骤所需的记录不全(会议纪要、签到、表决、公示或实施结果)',
    en: 'Records this step needs are missing (minutes, attendance, vote, notice or result)',
  },
  DELIB_STEP_VOTE_OPEN: {
    'zh-CN': '此步骤的表决尚未结束',
    en: 'The vote of this step has not closed yet',
  },
};

export function messageFor(code: string, locale: Locale): string {
  return MESSAGES[code]?.[locale] ?? code;
}

export function localeOf(acceptLanguage: string | undefined): Locale {
  return acceptLanguage && /^en\b/i.test(acceptLanguage.trim()) ? 'en' : 'zh-CN';
}
