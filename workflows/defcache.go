package workflows

import (
	"container/list"
	"crypto/sha256"
	"encoding/hex"
	"strings"
	"sync"

	"github.com/aslworker/aslworker/asl"
	"github.com/aslworker/aslworker/asl/value"
)

// The process-wide caches that let a child workflow receive its branch or
// item processor by reference: a run that forks registers the parts of its
// definition (and, when a child may read it, the execution input) under
// the hash of the root definition, and the child's local activity
// (loadParts) reads them from here, or fetches the root run's first history
// event when this process has not seen them (another worker, a restart).
// What a child runs is recorded in its own history by that local activity,
// so replay never needs the caches: they only save work and bytes.
//
// Both caches are bounded by an estimate of the memory they hold and drop
// the least recently used entries first.
const (
	// docCacheBytes bounds the definition parts and execution inputs held.
	docCacheBytes = 64 << 20
	// machineCacheBytes bounds the compiled job machines held, estimated
	// from the size of the documents they were compiled from.
	machineCacheBytes = 128 << 20
	// machineCostFactor estimates a compiled machine's memory from its
	// document's size.
	machineCostFactor = 8
)

var (
	docs     = newLRU(docCacheBytes)
	machines = newLRU(machineCacheBytes)
)

// hashBytes names a definition or an execution input in the caches and in
// the references children receive.
func hashBytes(b []byte) string {
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:])
}

// cachedDoc is a decoded document (the root definition, one of its parts,
// or an execution input) and its JSON.
type cachedDoc struct {
	doc  any
	json []byte
	// readsInput caches asl.ReadsExecutionInput(doc) for parts; workflows
	// running at once in this process may ask together.
	readsOnce  sync.Once
	readsInput bool
}

func docKey(hash, pointer string) string { return "d\x00" + hash + "\x00" + pointer }
func inputKey(hash string) string        { return "i\x00" + hash }

// putDoc caches a decoded document under a definition hash and pointer
// ("" for the root definition).
func putDoc(hash, pointer string, doc any, raw []byte) *cachedDoc {
	if raw == nil {
		raw = value.Marshal(doc)
	}
	d := &cachedDoc{doc: doc, json: raw}
	docs.put(docKey(hash, pointer), d, 3*len(raw)+len(pointer)+64)
	return d
}

// findDoc returns the part at pointer of the definition named hash, from
// the cache: the part itself or the nearest cached document above it.
func findDoc(hash, pointer string) *cachedDoc {
	if d, ok := docs.get(docKey(hash, pointer)); ok {
		return d.(*cachedDoc)
	}
	for p := pointer; p != ""; {
		i := strings.LastIndexByte(p, '/')
		if i < 0 {
			break
		}
		p = p[:i]
		d, ok := docs.get(docKey(hash, p))
		if !ok {
			continue
		}
		return putPart(hash, d.(*cachedDoc).doc, p, pointer)
	}
	return nil
}

// putPart caches the part at pointer of the definition named hash, found
// in doc, the document at base (a prefix of pointer); nil if there is none.
func putPart(hash string, doc any, base, pointer string) *cachedDoc {
	sub, ok := value.Lookup(doc, pointer[len(base):])
	if !ok {
		return nil
	}
	return putDoc(hash, pointer, sub, nil)
}

// readsExecutionInput reports whether the part may read $$.Execution.Input.
func (d *cachedDoc) readsExecutionInput() bool {
	d.readsOnce.Do(func() { d.readsInput = asl.ReadsExecutionInput(d.doc) })
	return d.readsInput
}

// lru is a cache bounded by the total cost of its entries.
type lru struct {
	mu    sync.Mutex
	max   int
	cost  int
	order *list.List // front: most recently used
	items map[string]*list.Element
}

type lruEntry struct {
	key  string
	val  any
	cost int
}

func newLRU(max int) *lru {
	return &lru{max: max, order: list.New(), items: map[string]*list.Element{}}
}

func (c *lru) get(key string) (any, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	e, ok := c.items[key]
	if !ok {
		return nil, false
	}
	c.order.MoveToFront(e)
	return e.Value.(*lruEntry).val, true
}

// put adds or replaces an entry; one costing more than the whole cache is
// not kept.
func (c *lru) put(key string, val any, cost int) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if e, ok := c.items[key]; ok {
		old := e.Value.(*lruEntry)
		c.cost -= old.cost
		c.order.Remove(e)
		delete(c.items, key)
	}
	if cost > c.max {
		return
	}
	c.items[key] = c.order.PushFront(&lruEntry{key: key, val: val, cost: cost})
	c.cost += cost
	for c.cost > c.max {
		last := c.order.Back()
		ent := last.Value.(*lruEntry)
		c.order.Remove(last)
		delete(c.items, ent.key)
		c.cost -= ent.cost
	}
}

// DropCaches empties the process-wide caches of definition parts,
// execution inputs and compiled job machines. Children started afterwards
// fetch what they run from the root run's history (RegisterWithClient);
// tests use it to show that path works.
func DropCaches() {
	for _, c := range []*lru{docs, machines} {
		c.mu.Lock()
		c.order.Init()
		c.items = map[string]*list.Element{}
		c.cost = 0
		c.mu.Unlock()
	}
}
