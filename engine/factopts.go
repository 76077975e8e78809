package engine

// FactOptions configure the facts Go computes for the rules beyond the
// snapshot itself: who the lockout checks evaluate policies for, which
// reachability intents to evaluate.
type FactOptions struct{}
