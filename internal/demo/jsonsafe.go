package demo

import "fmt"

// Texts are spliced into JSON without escaping (transcripts, tags,
// attributes), so none may contain a quote, a backslash or a control
// character. init checks every text once.
func init() {
	var all []string
	for _, g := range groups {
		all = append(all, g.zh, g.ask)
		for _, l := range g.leaves {
			all = append(all, l.zh, l.reply, l.resolve)
			all = append(all, l.subjects...)
			all = append(all, l.says...)
		}
	}
	for _, xs := range [][]string{courses, products, teachers, places, cities, surnames, givenChars, customerTags,
		agentGreeting, chatGreeting, verifyAnswer, customerPush, agentClose, customerBye, agentBye, {verifyAsk}} {
		all = append(all, xs...)
	}
	for _, s := range all {
		for _, r := range s {
			if r == '"' || r == '\\' || r < 0x20 {
				panic(fmt.Sprintf("demo: text %q is not JSON-safe", s))
			}
		}
	}
}
