package cli

import (
	"fmt"
	"strings"

	"github.com/kefuhq/kefu/internal/apperr"
	"github.com/kefuhq/kefu/internal/i18n"
)

// describe turns an application error into a readable CLI message.
func describe(err error) error {
	ae, ok := apperr.As(err)
	if !ok {
		return err
	}
	msg := i18n.T(i18n.EN, ae.Key, ae.Args...)
	var parts []string
	for _, f := range ae.Fields {
		parts = append(parts, strings.TrimPrefix(f.Field, "body.")+" "+i18n.T(i18n.EN, f.Key, f.Args...))
	}
	if len(parts) > 0 {
		msg += ": " + strings.Join(parts, "; ")
	}
	return fmt.Errorf("%s", msg)
}
