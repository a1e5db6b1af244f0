package web

import "context"

type requestState struct {
	lang string
	csrf string
}

type stateKey struct{}

func withRequestState(ctx context.Context, st requestState) context.Context {
	return context.WithValue(ctx, stateKey{}, st)
}

func stateFrom(ctx context.Context) requestState {
	st, _ := ctx.Value(stateKey{}).(requestState)
	if st.lang == "" {
		st.lang = "id"
	}
	return st
}
