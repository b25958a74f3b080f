package i18n

// Messages of the knowledge base, scripts and agent assist (internal/kb,
// internal/assist), kept apart from the main catalog so that the areas can
// be changed independently.
func init() {
	for k, v := range map[string][2]string{
		"err.not_found.kb_article":  {"找不到该知识库文章", "Knowledge-base article not found"},
		"err.not_found.kb_version":  {"找不到该文章版本", "Article version not found"},
		"err.not_found.kb_category": {"找不到该分类", "Category not found"},
		"err.not_found.kb_script":   {"找不到该话术", "Script not found"},

		"field.nothing_to_publish": {"没有需要发布的修改", "there are no changes to publish"},
		"field.already_archived":   {"文章已归档", "the article is already archived"},
		"field.category_not_empty": {"分类下还有子分类、文章或话术,不能删除", "the category still has sub-categories, articles or scripts"},
		"field.script_unknown_var": {"未知变量 {%s};可用变量:%s", "unknown variable {%s}; available: %s"},
		"field.script_unclosed":    {"第 %d 个字符处的“{”没有闭合(要写“{”本身,请写成“{{”)", "the “{” at character %d is not closed (write “{{” for a literal brace)"},
		"field.ticket_not_visible": {"找不到该工单或无权查看", "no such ticket, or you may not see it"},
	} {
		catalog[k] = v
	}
}
