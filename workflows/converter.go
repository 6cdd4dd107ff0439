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
	err := c.DataConverter.FromPayload(p, ptr)
	if in, ok := ptr.(*Input); ok && err != nil {
		*in = Input{undecodable: err.Error()}
		return nil
	}
	return err
}

func (c tolerantInput) FromPayloads(ps *commonpb.Payloads, ptrs ...any) error {
	err := c.DataConverter.FromPayloads(ps, ptrs...)
	if err != nil && len(ptrs) == 1 {
		if in, ok := ptrs[0].(*Input); ok {
			*in = Input{undecodable: err.Error()}
			return nil
		}
	}
	return err
}
