package workflows

import (
	commonpb "go.temporal.io/api/common/v1"
	"go.temporal.io/sdk/converter"
)

// DataConverter is the data converter aslworker's client uses: Temporal's
// default, except that a workflow Input that cannot be decoded (an input
// nested deeper than encoding/json's 10,000 levels, a definition that is not
// JSON) reaches the interpreter as an Input carrying the decoding error, so
// the execution fails with an ASL error naming the problem instead of an SDK
// error named after a Go type.
func DataConverter() converter.DataConverter {
	return tolerantInput{converter.GetDefaultDataConverter()}
}

type tolerantInput struct{ converter.DataConverter }

func (c tolerantInput) FromPayload(p *commonpb.Payload, ptr any) error {
	return keepUndecodable(c.DataConverter.FromPayload(p, ptr), ptr)
}

func (c tolerantInput) FromPayloads(ps *commonpb.Payloads, ptrs ...any) error {
	err := c.DataConverter.FromPayloads(ps, ptrs...)
	if len(ptrs) != 1 {
		return err
	}
	return keepUndecodable(err, ptrs[0])
}

// keepUndecodable turns a failure to decode a workflow Input into an Input
// that carries it; other errors pass through.
func keepUndecodable(err error, ptr any) error {
	if in, ok := ptr.(*Input); ok && err != nil {
		*in = Input{undecodable: err.Error()}
		return nil
	}
	return err
}
