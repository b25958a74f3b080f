package assist

import (
	"strings"
	"unicode"
)

// compoundSurnames are two-character surnames; any other Chinese name's
// surname is its first character.
var compoundSurnames = []string{"欧阳", "司马", "上官", "诸葛", "东方", "皇甫", "尉迟", "公孙", "慕容", "令狐", "长孙", "宇文", "司徒", "夏侯", "轩辕", "端木", "独孤", "南宫", "西门", "闻人"}

// FormOfAddress is how a reply addresses the customer: the customer's own
// 称呼 attribute (salutation) when recorded; else surname and 先生/女士 (Mr/Ms)
// when the gender attribute is known; else the name as it is. Pure.
func FormOfAddress(name string, attrs map[string]string, lang string) string {
	for _, k := range []string{"称呼", "salutation"} {
		if v := strings.TrimSpace(attrs[k]); v != "" {
			return v
		}
	}
	name = strings.TrimSpace(name)
	if name == "" {
		return ""
	}
	female, male := gender(attrs)
	han := isHanName(name)
	if lang == "en" {
		if han || (!female && !male) {
			return name
		}
		parts := strings.Fields(name)
		title := "Mr"
		if female {
			title = "Ms"
		}
		return title + " " + parts[len(parts)-1]
	}
	if !han || (!female && !male) {
		return name
	}
	surname := string([]rune(name)[:1])
	for _, s := range compoundSurnames {
		if strings.HasPrefix(name, s) && len([]rune(name)) > 2 {
			surname = s
		}
	}
	if female {
		return surname + "女士"
	}
	return surname + "先生"
}

func gender(attrs map[string]string) (female, male bool) {
	for _, k := range []string{"gender", "性别", "sex"} {
		switch strings.ToLower(strings.TrimSpace(attrs[k])) {
		case "女", "female", "f", "女士":
			return true, false
		case "男", "male", "m", "先生":
			return false, true
		}
	}
	return false, false
}

func isHanName(s string) bool {
	for _, r := range s {
		if !unicode.Is(unicode.Han, r) && r != '·' {
			return false
		}
	}
	return true
}
