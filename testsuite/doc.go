// Package testsuite is the conformance runner of aslworker: it loads the
// AWS-recorded cases of the conformance corpus, runs them on an Engine and
// compares what the engine produced with what AWS Step Functions produced.
// The engines: the in-memory executor (MemoryEngine), the StateMachine
// workflow in Temporal's test environment with time skipping
// (TemporalEngine), and the workflow on a real in-process Temporal server
// (package serverengine, kept apart because it links the server).
//
// The comparison follows the corpus README (§5): status, output as JSON
// values with numbers compared by value, error name and cause (structurally
// when the recorded cause was JSON object text), and the snapshot
// placeholders of §5.2 at the paths each case lists. The recorded history
// event types are compared too, as a stricter score that never fails a case.
//
// TestState cases (§4.2) run through asl.TestState and are compared the
// same way, plus the next state and the inspection data.
//
// Cases that need something the harness cannot provide (an AWS service other
// than the Lambda test doubles of §6, JSONata and variables) are skipped
// with a reason. The Lambda doubles live here and nowhere in the product.
package testsuite
