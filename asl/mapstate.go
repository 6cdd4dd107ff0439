package asl

import (
	"encoding/json"
	"errors"
	"math"

	"github.com/aslworker/aslworker/asl/failure"
	"github.com/aslworker/aslworker/asl/jsonpath"
	"github.com/aslworker/aslworker/asl/value"
)

// mapState runs one try of a Map state: ItemsPath selects an array from the
// effective input; each item (through ItemSelector, with $$.Map.Item set)
// runs through the item processor; the result is the array of outputs in
// item order.
func (r *run) mapState(f *frame) (any, error) {
	st := f.st
	eff, err := r.inputPath(f)
	if err != nil {
		return nil, err
	}
	itemsVal := eff
	if st.ItemsPath != nil {
		if itemsVal, err = st.ItemsPath.Get(eff, r.context(f)); err != nil {
			return nil, r.stateErr(f, pathFailure(err))
		}
	}
	if f.ts != nil && f.ts.readerItems != nil {
		itemsVal = f.ts.readerItems // TestState: what the ItemReader would have read
	}
	items, ok := itemsVal.([]any)
	if !ok {
		return nil, r.stateErr(f, failure.New(failure.Runtime,
			"Reference path %q must point to array.", referenceText(st.ItemsPath)))
	}
	if f.ts != nil {
		f.ts.in.AfterItemsPath = seen(itemsVal)
	}
	maxConc := st.MaxConcurrency
	if st.MaxConcurrencyPath != nil {
		if maxConc, err = r.mapInt(f, st.MaxConcurrencyPath, "MaxConcurrencyPath", eff); err != nil {
			return nil, err
		}
	}
	tolCount, tolPct := int64(-1), float64(-1)
	if st.HasToleratedCount {
		tolCount = st.ToleratedFailureCount
	}
	if st.ToleratedFailureCountPath != nil {
		if tolCount, err = r.mapInt(f, st.ToleratedFailureCountPath, "ToleratedFailureCountPath", eff); err != nil {
			return nil, err
		}
	}
	if tolCount < -1 || (tolCount < 0 && st.ToleratedFailureCountPath != nil) {
		return nil, r.stateErr(f, failure.New(failure.Runtime, "ToleratedFailureCount cannot be negative."))
	}
	if st.HasToleratedPercentage {
		tolPct = st.ToleratedFailurePercentage
	}
	if st.ToleratedPercentagePath != nil {
		if tolPct, err = r.mapFloat(f, st.ToleratedPercentagePath, "ToleratedFailurePercentagePath", eff); err != nil {
			return nil, err
		}
		if tolPct < 0 || tolPct > 100 {
			return nil, r.stateErr(f, failure.New(failure.Runtime, "ToleratedFailurePercentage must be between 0 and 100."))
		}
	}

	inputs, err := r.itemInputs(f, eff, items)
	if err != nil {
		return nil, err
	}
	if f.ts != nil {
		return r.mockedMap(f, inputs, maxConc, tolCount, tolPct)
	}
	r.emit(Event{Type: "MapStateStarted", State: st.Name, Length: len(inputs)})
	jobs := make([]Job, len(inputs))
	for i, in := range inputs {
		jobs[i] = Job{Kind: ForkMap, Index: i, Pointer: st.Processor.Pointer, Input: in, State: st.Name, machine: st.Processor, exec: r.exec}
	}
	results := r.rt.Fork(&ForkRequest{State: st.Name, Kind: ForkMap, MaxConcurrency: int(maxConc), Jobs: jobs,
		Tolerant: tolCount > 0 || tolPct > 0})
	r.adopt(results)
	if err := r.mapFailure(f, results, tolCount, tolPct); err != nil {
		return nil, err
	}
	// The iterations' outputs were each within the limit; their array may
	// not be.
	result := outputs(results)
	if err := r.checkResult(f, result, "MapStateFailed"); err != nil {
		return nil, err
	}
	r.emit(Event{Type: "MapStateSucceeded", State: st.Name})
	return r.finish(f, result)
}

// itemInputs computes each iteration's input: the item, or ItemSelector
// evaluated with $$.Map.Item, grouped into batches when ItemBatcher is set.
func (r *run) itemInputs(f *frame, eff any, items []any) ([]any, error) {
	st := f.st
	inputs := make([]any, len(items))
	for i, item := range items {
		if st.ItemSelector == nil {
			inputs[i] = item
			continue
		}
		mi := value.NewObject(2)
		mi.Set("Index", value.IntNumber(int64(i)))
		mi.Set("Value", item)
		itemFrame := *f
		itemFrame.mapItem = mi
		v, err := r.template(&itemFrame, st.ItemSelector, eff)
		if err != nil {
			return nil, err
		}
		inputs[i] = v
	}
	b := st.ItemBatcher
	if b == nil {
		return inputs, nil
	}
	size := b.MaxItemsPerBatch
	if b.MaxItemsPerBatchPath != nil {
		var err error
		if size, err = r.mapInt(f, b.MaxItemsPerBatchPath, "MaxItemsPerBatchPath", eff); err != nil {
			return nil, err
		}
	}
	if size <= 0 {
		size = int64(len(inputs))
	}
	var batchInput any
	if b.BatchInput != nil {
		var err error
		if batchInput, err = r.template(f, b.BatchInput, eff); err != nil {
			return nil, err
		}
	}
	var batches []any
	for start := 0; start < len(inputs); start += int(size) {
		end := min(start+int(size), len(inputs))
		o := value.NewObject(2)
		if batchInput != nil {
			o.Set("BatchInput", batchInput)
		}
		o.Set("Items", append([]any(nil), inputs[start:end]...))
		// A batch of the items themselves is part of the input, which was
		// measured; with BatchInput or ItemSelector it is a new value.
		if batchInput != nil || st.ItemSelector != nil {
			if err := r.checkSize(f, o); err != nil {
				return nil, err
			}
		}
		batches = append(batches, o)
	}
	return batches, nil
}

// mapFailure decides whether failed iterations fail the Map state. Without
// a tolerance (inline Maps) the first failure does; with
// ToleratedFailureCount/Percentage, only more failures than tolerated do.
func (r *run) mapFailure(f *frame, results []JobResult, tolCount int64, tolPct float64) error {
	first := forkErr(results)
	if first == nil {
		return nil
	}
	if endsRun(first) {
		return first
	}
	if tolCount >= 0 || tolPct >= 0 {
		failed := 0
		for _, res := range results {
			if res.Err != nil && res.Err != ErrNotRun {
				failed++
			}
		}
		if tolerated(failed, len(results), tolCount, tolPct) {
			for i, res := range results {
				if res.Err != nil {
					fe := asFailure(res.Err)
					o := value.NewObject(2)
					o.Set("Error", fe.Name)
					o.Set("Cause", fe.Cause)
					results[i].Output = o
				}
			}
			return nil
		}
		err := exceededTolerance()
		r.emit(Event{Type: "MapStateFailed", State: f.st.Name, Error: err.Name, Cause: err.Cause, HasCause: true})
		return err
	}
	fe := asFailure(first)
	r.emit(Event{Type: "MapStateFailed", State: f.st.Name, Error: fe.Name, Cause: fe.Cause, HasCause: fe.HasCause})
	return fe
}

// tolerated reports whether failed of total iterations stay within
// ToleratedFailureCount (tolCount, -1 when not set) or
// ToleratedFailurePercentage (tolPct, -1 when not set).
func tolerated(failed, total int, tolCount int64, tolPct float64) bool {
	okCount := tolCount >= 0 && int64(failed) <= tolCount
	okPct := tolPct >= 0 && float64(failed)*100 <= tolPct*float64(total)
	return okCount || okPct
}

func exceededTolerance() *failure.Error {
	return failure.New(failure.ExceedToleratedFailureThreshold, "The specified tolerated failure threshold was exceeded")
}

// referenceText prints a path as AWS's Reference path messages do: relative
// to the document it reads, so "$$.Execution.Input" shows as "$.Execution.Input".
func referenceText(p *jsonpath.Path) string {
	if p == nil {
		return "$"
	}
	s := p.String()
	if p.Context() {
		return s[1:]
	}
	return s
}

// mapInt reads an integer field of a Map state from its input, failing as
// AWS does when the value is not an integer.
func (r *run) mapInt(f *frame, p *jsonpath.Path, field string, eff any) (int64, error) {
	v, err := r.mapValue(f, p, eff)
	if err != nil {
		return 0, err
	}
	if n, ok := v.(json.Number); ok {
		if i, ok := intValue(n); ok {
			return i, nil
		}
	}
	return 0, r.stateErr(f, failure.New(failure.Runtime,
		"The %s field refers to value \"%s\" which is not a valid integer: %s", field, text(v), p.String()))
}

func (r *run) mapFloat(f *frame, p *jsonpath.Path, field string, eff any) (float64, error) {
	v, err := r.mapValue(f, p, eff)
	if err != nil {
		return 0, err
	}
	if n, ok := v.(json.Number); ok {
		if x := value.Float(n); !math.IsNaN(x) {
			return x, nil
		}
	}
	return 0, r.stateErr(f, failure.New(failure.Runtime,
		"The %s field refers to value \"%s\" which is not a valid float: %s", field, text(v), p.String()))
}

func (r *run) mapValue(f *frame, p *jsonpath.Path, eff any) (any, error) {
	v, err := p.Get(eff, r.context(f))
	if err != nil {
		var pe *jsonpath.Error
		if errors.As(err, &pe) {
			return nil, r.stateErr(f, pathFailure(err))
		}
		return nil, r.stateErr(f, err)
	}
	return v, nil
}
