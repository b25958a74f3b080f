// Package i18n translates the server's messages (errors, notices) into the
// caller's language. zh-CN is the default; en is complete.
package i18n

import (
	"fmt"
	"strings"
)

// Lang is a supported language tag.
type Lang string

const (
	ZH Lang = "zh-CN"
	EN Lang = "en"
)

// FromAcceptLanguage picks the first supported language in an Accept-Language
// header, defaulting to zh-CN.
func FromAcceptLanguage(h string) Lang {
	for _, part := range strings.Split(h, ",") {
		tag := strings.ToLower(strings.TrimSpace(strings.SplitN(part, ";", 2)[0]))
		switch {
		case strings.HasPrefix(tag, "zh"):
			return ZH
		case strings.HasPrefix(tag, "en"):
			return EN
		}
	}
	return ZH
}

// T returns the message for key in lang, formatted with args. Unknown keys
// are returned as they are so a missing translation is visible, not fatal.
func T(lang Lang, key string, args ...any) string {
	m, ok := catalog[key]
	if !ok {
		return key
	}
	s := m[0]
	if lang == EN {
		s = m[1]
	}
	if len(args) > 0 {
		return fmt.Sprintf(s, args...)
	}
	return s
}

// Has reports whether key is in the catalog (used by tests).
func Has(key string) bool { _, ok := catalog[key]; return ok }

// catalog maps a key to its zh-CN and en text.
var catalog = map[string][2]string{
	"err.invalid":                {"请求内容有误,请检查标出的字段", "The request is invalid; check the fields listed"},
	"err.internal":               {"服务器内部错误,请稍后重试", "Internal server error; please try again later"},
	"err.unavailable":            {"服务暂时不可用,请稍后重试", "The service is temporarily unavailable; please retry shortly"},
	"err.unauthenticated":        {"请先登录", "Please sign in"},
	"err.login_failed":           {"邮箱或密码不正确", "Email or password is incorrect"},
	"err.forbidden":              {"您没有权限执行此操作", "You do not have permission to do this"},
	"err.forbidden.csrf":         {"安全校验失败,请刷新页面后重试", "Security check failed; reload the page and try again"},
	"err.rate_limited":           {"尝试次数过多,请稍后再试", "Too many attempts; please try again later"},
	"err.too_large":              {"请求内容过大", "The request body is too large"},
	"err.bad_utf8":               {"请求内容不是有效的 UTF-8 文本", "The request body is not valid UTF-8"},
	"err.bad_json":               {"请求内容不是有效的 JSON", "The request body is not valid JSON"},
	"err.conflict.version":       {"数据已被他人修改,请刷新后再试", "Someone else changed this; reload and try again"},
	"err.conflict.email":         {"该邮箱已被使用", "This email is already in use"},
	"err.conflict.name":          {"该名称已被使用", "This name is already in use"},
	"err.conflict.code":          {"该编码已被使用", "This code is already in use"},
	"err.not_found":              {"找不到请求的资源", "Not found"},
	"err.not_found.ticket":       {"找不到该工单", "Ticket not found"},
	"err.not_found.customer":     {"找不到该客户", "Customer not found"},
	"err.not_found.contact":      {"找不到该接触记录", "Contact not found"},
	"err.not_found.user":         {"找不到该用户", "User not found"},
	"err.not_found.team":         {"找不到该团队", "Team not found"},
	"err.not_found.reason":       {"找不到该来电原因", "Contact reason not found"},
	"err.not_found.service_type": {"找不到该服务类型", "Service type not found"},
	"err.not_found.token":        {"找不到该令牌", "Token not found"},
	"err.method_not_allowed":     {"不支持该请求方法", "Method not allowed"},
	"err.not_found.calendar":     {"找不到该工作日历", "Calendar not found"},
	"err.not_found.policy":       {"找不到该服务时限策略", "SLA policy not found"},
	"err.not_found.escalation":   {"找不到该升级工单", "Escalation not found"},

	"field.required":            {"不能为空", "is required"},
	"field.too_long":            {"不能超过 %d 个字符", "must be at most %d characters"},
	"field.too_short":           {"至少需要 %d 个字符", "must be at least %d characters"},
	"field.too_many":            {"最多 %d 项", "at most %d items"},
	"field.one_of":              {"必须是以下之一:%s", "must be one of: %s"},
	"field.invalid":             {"格式不正确", "is not valid"},
	"field.invalid_phone":       {"不是有效的电话号码", "is not a valid phone number"},
	"field.invalid_email":       {"不是有效的邮箱地址", "is not a valid email address"},
	"field.invalid_url":         {"不是有效的网址", "is not a valid URL"},
	"field.unknown":             {"不存在或已停用", "does not exist or is inactive"},
	"field.unexpected":          {"不是可接受的字段", "is not an accepted field"},
	"field.type":                {"类型不正确,应为 %s", "has the wrong type; expected %s"},
	"field.min":                 {"不能小于 %v", "must be at least %v"},
	"field.max":                 {"不能大于 %v", "must be at most %v"},
	"field.bad_transition":      {"不能从“%s”变为“%s”", "cannot change from %q to %q"},
	"field.self_merge":          {"不能与自身合并", "cannot merge a customer into itself"},
	"field.already_merged":      {"该客户已被合并", "this customer has already been merged"},
	"field.end_before_start":    {"结束时间不能早于开始时间", "must not be before the start time"},
	"field.owner_not_in_team":   {"负责人不属于所选团队", "the owner is not a member of the chosen team"},
	"field.bad_cursor":          {"分页游标无效", "is not a valid page cursor"},
	"field.cycle":               {"不能把分类移到它自己的下级", "cannot move a reason under itself"},
	"field.password_weak":       {"密码至少 8 位", "password must be at least 8 characters"},
	"field.need_customer":       {"请选择客户或填写新客户", "choose a customer or describe a new one"},
	"field.invalid_zone":        {"不是有效的时区(例如 Asia/Shanghai)", "is not an IANA time zone such as Asia/Shanghai"},
	"field.invalid_hours":       {"服务时间格式不正确,或时段重叠、倒置(例如 mon-fri 09:00-12:00,13:30-18:00)", "are not valid hours, or intervals overlap or are inverted (e.g. mon-fri 09:00-12:00,13:30-18:00)"},
	"field.exceptions_outside":  {"有例外日期超出了节假日数据覆盖的年份", "an exception falls outside the years with holiday data"},
	"field.hours_on_closed":     {"休息日不能设置服务时间", "a closed day cannot have hours"},
	"field.beyond_holiday_data": {"该年份还没有节假日数据,请先导入", "has no holiday data yet; import it first"},
	"field.import":              {"导入失败:%s", "import failed: %s"},
	"field.between":             {"必须在 %v 到 %v 之间", "must be between %v and %v"},
	"field.ticket_closed":       {"工单已解决或已关闭", "the ticket is resolved or closed"},
	"field.same_team":           {"工单已在该团队", "the ticket is already with this team"},
	"field.already_escalated":   {"该工单已有进行中的升级,请先完成", "the ticket already has an open escalation; finish it first"},
	"field.escalation_done":     {"该升级工单已完成", "this escalation is already done"},
	"field.in_future":           {"必须晚于当前时间", "must be in the future"},
	"field.range_too_long":      {"时间范围不能超过 %d 天", "the range must be at most %d days"},
	"field.promise_too_late":    {"超出了策略允许的最晚承诺时间(%s)", "is later than the policy allows (%s)"},
}
