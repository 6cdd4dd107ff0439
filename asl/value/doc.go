// Package value is the JSON data model every part of the ASL engine shares:
// null, booleans, strings, numbers, arrays and objects that keep their key order.
//
// A value is one of these Go types:
//
//	nil            JSON null
//	bool           true / false
//	string         a string
//	json.Number    a number, kept in its source text so 0.0 and large integers survive
//	[]any          an array
//	*Object        an object whose keys keep insertion order, as AWS prints them
//
// Invariant: a value is never changed after it has been handed to someone else.
// Code that needs a modified value (ResultPath merging, Map item selection)
// builds a new one, copying only the objects along the path it changes. That
// lets states, branches and the context object share data without defensive
// deep copies.
package value
