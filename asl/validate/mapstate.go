package validate

import (
	"strings"

	"github.com/aslworker/aslworker/asl/value"
)

var processorConfigFields = fieldSet{"Mode": anyLang, "ExecutionType": anyLang}

// processorConfig checks ItemProcessor.ProcessorConfig.
func (w *walker) processorConfig(at *pointer, v any) {
	obj, ok := w.object(at, v, "ProcessorConfig must be an object with Mode")
	if !ok {
		return
	}
	w.members(at, "ProcessorConfig", obj, processorConfigFields, false, func(k string, fv any) {
		switch k {
		case "Mode":
			w.oneOf(at, k, fv, "INLINE", "DISTRIBUTED")
		case "ExecutionType":
			w.oneOf(at, k, fv, "STANDARD", "EXPRESS")
		}
	})
	if mode, _ := obj.Get("Mode"); mode == "DISTRIBUTED" && !obj.Has("ExecutionType") {
		w.add(at, "a DISTRIBUTED Map needs ExecutionType, STANDARD or EXPRESS, for its child executions")
	}
}

// object returns v as an object, or reports at that it must be one (must
// says what it must be) and returns false.
func (w *walker) object(at *pointer, v any, must string) (*value.Object, bool) {
	obj, ok := v.(*value.Object)
	if !ok {
		w.add(at, "%s, not %s", must, describe(v))
	}
	return obj, ok
}

// fieldSet describes the members of a configuration object: which query
// language each may be used with.
type fieldSet map[string]lang

// members walks a configuration object: unknown members and members of the
// other query language are reported; known ones go to check.
func (w *walker) members(at *pointer, what string, obj *value.Object, fields fieldSet, jsonata bool, check func(k string, v any)) {
	for i := 0; i < obj.Len(); i++ {
		k, fv := obj.At(i)
		l, ok := fields[k]
		switch {
		case !ok:
			w.add(join(at, k), "unknown field %q in %s; allowed: %s", k, what, strings.Join(fields.names(), ", "))
		case l == pathOnly && jsonata:
			w.add(join(at, k), "%s is a JSONPath field and cannot be used in a state whose QueryLanguage is JSONata", k)
		case l == jsonataOnly && !jsonata:
			w.add(join(at, k), "%s is a JSONata field and cannot be used in a state whose QueryLanguage is JSONPath", k)
		default:
			check(k, fv)
		}
	}
}

func (f fieldSet) names() []string {
	m := make(map[string]bool, len(f))
	for k := range f {
		m[k] = true
	}
	return sortedKeys(m)
}

func (w *walker) exclusiveMembers(at *pointer, obj *value.Object, a, b string) {
	if obj.Has(a) && obj.Has(b) {
		w.add(join(at, b), "%s and %s cannot both be set; keep one of them", a, b)
	}
}

var itemReaderFields = fieldSet{"Resource": anyLang, "ReaderConfig": anyLang, "Parameters": pathOnly, "Arguments": jsonataOnly}

// readerConfigFields lists ReaderConfig members; only the ones that carry
// numbers or paths are checked further.
var readerConfigFields = fieldSet{
	"InputType": anyLang, "CSVHeaderLocation": anyLang, "CSVHeaders": anyLang, "CSVDelimiter": anyLang,
	"ManifestType": anyLang, "MaxItems": anyLang, "MaxItemsPath": pathOnly,
}

// itemReader checks a Map state's ItemReader.
func (w *walker) itemReader(at *pointer, v any, jsonata bool) {
	obj, ok := w.object(at, v, "ItemReader must be an object with Resource")
	if !ok {
		return
	}
	w.members(at, "ItemReader", obj, itemReaderFields, jsonata, func(k string, fv any) {
		switch k {
		case "Resource":
			w.resource(at, k, fv)
		case "Arguments":
			w.objectOrExpr(at, k, fv, "an object")
		case "ReaderConfig":
			w.readerConfig(join(at, k), fv, jsonata)
		}
	})
	if !obj.Has("Resource") {
		w.add(at, "ItemReader needs Resource, the ARN of the action that reads the items (for example \"arn:aws:states:::s3:getObject\")")
	}
}

func (w *walker) readerConfig(at *pointer, v any, jsonata bool) {
	obj, ok := w.object(at, v, "ReaderConfig must be an object")
	if !ok {
		return
	}
	w.members(at, "ReaderConfig", obj, readerConfigFields, jsonata, func(k string, fv any) {
		switch k {
		case "MaxItems":
			w.integer(at, k, fv, 0, maxInt32, jsonata)
		case "MaxItemsPath":
			w.dynamicPath(at, k, fv)
		case "CSVHeaders":
			if arr, ok := fv.([]any); ok {
				for i, h := range arr {
					if _, ok := h.(string); !ok {
						w.add(join(at, k, i), "a CSV header must be a string, not %s", describe(h))
					}
				}
			} else {
				w.add(join(at, k), "CSVHeaders must be an array of strings, not %s", describe(fv))
			}
		default:
			w.str(at, k, fv)
		}
	})
	w.exclusiveMembers(at, obj, "MaxItems", "MaxItemsPath")
}

var itemBatcherFields = fieldSet{
	"MaxItemsPerBatch": anyLang, "MaxItemsPerBatchPath": pathOnly,
	"MaxInputBytesPerBatch": anyLang, "MaxInputBytesPerBatchPath": pathOnly,
	"BatchInput": anyLang,
}

// itemBatcher checks a Map state's ItemBatcher.
func (w *walker) itemBatcher(at *pointer, v any, jsonata bool) {
	obj, ok := w.object(at, v, "ItemBatcher must be an object")
	if !ok {
		return
	}
	w.members(at, "ItemBatcher", obj, itemBatcherFields, jsonata, func(k string, fv any) {
		switch k {
		case "MaxItemsPerBatch", "MaxInputBytesPerBatch":
			w.integer(at, k, fv, 1, maxInt32, jsonata)
		case "MaxItemsPerBatchPath", "MaxInputBytesPerBatchPath":
			w.dynamicPath(at, k, fv)
		case "BatchInput":
			w.objectOrExpr(at, k, fv, "an object")
		}
	})
	w.exclusiveMembers(at, obj, "MaxItemsPerBatch", "MaxItemsPerBatchPath")
	w.exclusiveMembers(at, obj, "MaxInputBytesPerBatch", "MaxInputBytesPerBatchPath")
}

var resultWriterFields = fieldSet{"Resource": anyLang, "Parameters": pathOnly, "Arguments": jsonataOnly, "WriterConfig": anyLang}

// resultWriter checks a Map state's ResultWriter.
func (w *walker) resultWriter(at *pointer, v any, jsonata bool) {
	obj, ok := w.object(at, v, "ResultWriter must be an object")
	if !ok {
		return
	}
	w.members(at, "ResultWriter", obj, resultWriterFields, jsonata, func(k string, fv any) {
		switch k {
		case "Resource":
			w.resource(at, k, fv)
		case "Arguments":
			w.objectOrExpr(at, k, fv, "an object")
		case "WriterConfig":
			w.writerConfig(join(at, k), fv)
		}
	})
	if !obj.Has("Resource") && !obj.Has("WriterConfig") {
		w.add(at, "ResultWriter needs Resource (where to write the results) or WriterConfig (how to shape them)")
	}
}

var writerConfigFields = fieldSet{"OutputType": anyLang, "Transformation": anyLang}

func (w *walker) writerConfig(at *pointer, v any) {
	obj, ok := w.object(at, v, "WriterConfig must be an object with OutputType")
	if !ok {
		return
	}
	w.members(at, "WriterConfig", obj, writerConfigFields, false, func(k string, fv any) {
		switch k {
		case "OutputType":
			w.oneOf(at, k, fv, "JSON", "JSONL")
		case "Transformation":
			w.oneOf(at, k, fv, "NONE", "COMPACT", "FLATTEN")
		}
	})
	if !obj.Has("OutputType") {
		w.add(at, "WriterConfig needs OutputType, JSON or JSONL")
	}
}
