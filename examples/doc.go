// Package examples holds example state machines, embedded so a binary built
// anywhere can run them: Hello (hello.asl.json with hello.input.json) is the
// machine `aslworker dev --example` runs.
package examples

import _ "embed"

// HelloDefinition is hello.asl.json: Pass with Parameters and intrinsic
// functions, a Choice, a 2-second Wait and an inline Map, and no Task, so it
// runs without any activity worker.
//
//go:embed hello.asl.json
var HelloDefinition []byte

// HelloInput is hello.input.json, the input HelloDefinition is run with.
//
//go:embed hello.input.json
var HelloInput []byte

// HelloName is the state machine name executions of HelloDefinition carry.
const HelloName = "hello"

// HelloOutput is the output of HelloDefinition run on HelloInput, as
// compact JSON.
const HelloOutput = `{"count":3,"message":"Hello, World!","packed":["#1: 3 x apples","#2: 1 x bread","#3: 2 x coffee"]}`
