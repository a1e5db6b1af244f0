package i18n

import (
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// The scanner reads Gerai's Go sources (not the tests) for the messages
// domain errors are built from. A message goes into a slot: the format of
// platform.Errorf, Newf, Invalid, Field or Textf, the noun of NotFound, the
// text of Msg, the message of a platform.Validation's Add or Check, the Key
// (or, without one, the Message) of a platform.Error, FieldError or Text
// literal. A function that passes one of its parameters into a slot is a
// wrapper, and that parameter is a slot of its own at every call
// (conflict(format, …), a closure field(msg)); wrappers of wrappers too. A
// slot must hold a string literal, a wrapper's own parameter, or a Key
// copied from another error (x.Key); anything else is a problem, since no
// translation can be found for a message built at run time.

const platformPkg = "internal/platform"

// funcKey names a function: its package's directory below the module root
// and its name (".Name" for a method, "name@file:line" for a closure).
type funcKey struct{ pkg, name string }

// baseSlots are platform's constructors: the index of their message.
var baseSlots = map[funcKey]int{
	{platformPkg, "Errorf"}:   1,
	{platformPkg, "Newf"}:     1,
	{platformPkg, "Invalid"}:  1,
	{platformPkg, "Field"}:    1,
	{platformPkg, "Textf"}:    0,
	{platformPkg, "NotFound"}: 0,
	{platformPkg, "Msg"}:      0, // a stored system text (an order history note)
	{platformPkg, ".Add"}:     1, // on a Validation
	{platformPkg, ".Check"}:   2,
}

type srcFile struct {
	rel, pkg string
	f        *ast.File
	imports  map[string]string    // local name → directory, for Gerai's packages
	valid    map[*ast.Object]bool // variables of type platform.Validation
}

// param is a function's parameter: the function and its index.
type param struct {
	fn    funcKey
	index int
}

type scanner struct {
	fset   *token.FileSet
	files  []*srcFile
	slots  map[funcKey]int
	params map[*ast.Object]param
}

func domainMessages(t *testing.T, root string) (map[string]string, []string) {
	t.Helper()
	s, err := newScanner(root)
	if err != nil {
		t.Fatal(err)
	}
	// Wrappers are found until none is new (a wrapper of a wrapper is found
	// in the round after the one it wraps).
	for changed := true; changed; {
		changed = false
		s.eachSlot(func(_ *srcFile, e ast.Expr, _ string) {
			if p, ok := s.paramOf(e); ok {
				if _, known := s.slots[p.fn]; !known {
					s.slots[p.fn] = p.index
					changed = true
				}
			}
		})
	}
	used := map[string]string{}
	var problems []string
	s.eachSlot(func(f *srcFile, e ast.Expr, what string) {
		pos := f.rel + ":" + strconv.Itoa(s.fset.Position(e.Pos()).Line)
		if lit, ok := literal(e); ok {
			if _, seen := used[lit]; !seen {
				used[lit] = pos
			}
			return
		}
		if p, ok := s.paramOf(e); ok && s.slots[p.fn] == p.index {
			return // a wrapper passing its message on
		}
		if sel, ok := e.(*ast.SelectorExpr); ok && sel.Sel.Name == "Key" {
			return // copied from another error, recorded where that was built
		}
		problems = append(problems, pos+": "+what+" is not a string literal; put the variable parts in arguments")
	})
	// NotFound's message around its noun.
	used["%s tidak ditemukan"] = "platform.NotFound"
	return used, problems
}

func newScanner(root string) (*scanner, error) {
	mod, err := os.ReadFile(filepath.Join(root, "go.mod"))
	if err != nil {
		return nil, err
	}
	module := ""
	for _, line := range strings.Split(string(mod), "\n") {
		if m, ok := strings.CutPrefix(line, "module "); ok {
			module = strings.TrimSpace(m)
		}
	}
	s := &scanner{fset: token.NewFileSet(), slots: map[funcKey]int{}, params: map[*ast.Object]param{}}
	for k, v := range baseSlots {
		s.slots[k] = v
	}
	err = filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			if name := d.Name(); name == "testdata" || name == "node_modules" || (strings.HasPrefix(name, ".") && path != root) {
				return filepath.SkipDir
			}
			return nil
		}
		if !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
			return nil
		}
		f, err := parser.ParseFile(s.fset, path, nil, 0)
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(root, path)
		sf := &srcFile{rel: filepath.ToSlash(rel), pkg: filepath.ToSlash(filepath.Dir(rel)), f: f,
			imports: map[string]string{}, valid: map[*ast.Object]bool{}}
		for _, im := range f.Imports {
			p, _ := strconv.Unquote(im.Path.Value)
			dir, ok := strings.CutPrefix(p, module+"/")
			if !ok {
				continue
			}
			name := dir[strings.LastIndex(dir, "/")+1:]
			if im.Name != nil {
				name = im.Name.Name
			}
			sf.imports[name] = dir
		}
		s.files = append(s.files, sf)
		s.declare(sf)
		return nil
	})
	return s, err
}

// declare notes sf's function parameters and its Validation variables.
func (s *scanner) declare(sf *srcFile) {
	addParams := func(fn funcKey, ft *ast.FuncType) {
		i := 0
		for _, fld := range ft.Params.List {
			for _, n := range fld.Names {
				if n.Obj != nil {
					s.params[n.Obj] = param{fn, i}
				}
				i++
			}
			if len(fld.Names) == 0 {
				i++
			}
		}
	}
	isValidation := func(e ast.Expr) bool { return s.typeName(sf, e) == "Validation" }
	markNames := func(names []*ast.Ident) {
		for _, n := range names {
			if n.Obj != nil {
				sf.valid[n.Obj] = true
			}
		}
	}
	ast.Inspect(sf.f, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.FuncDecl:
			name := n.Name.Name
			if n.Recv != nil {
				name = "." + name
			}
			addParams(funcKey{sf.pkg, name}, n.Type)
		case *ast.AssignStmt: // name := func(…) {…}
			for i, rhs := range n.Rhs {
				if lit, ok := rhs.(*ast.FuncLit); ok && i < len(n.Lhs) {
					if id, ok := n.Lhs[i].(*ast.Ident); ok && id.Obj != nil {
						addParams(s.closureKey(sf, id.Obj), lit.Type)
					}
				}
				if i < len(n.Lhs) && isValidationValue(rhs, isValidation) {
					if id, ok := n.Lhs[i].(*ast.Ident); ok {
						markNames([]*ast.Ident{id})
					}
				}
			}
		case *ast.ValueSpec:
			if n.Type != nil && isValidation(n.Type) {
				markNames(n.Names)
			}
			for i, v := range n.Values {
				if lit, ok := v.(*ast.FuncLit); ok && i < len(n.Names) && n.Names[i].Obj != nil {
					addParams(s.closureKey(sf, n.Names[i].Obj), lit.Type)
				}
			}
		case *ast.Field: // parameters, receivers, struct fields
			if isValidation(n.Type) {
				markNames(n.Names)
			}
		}
		return true
	})
}

// isValidationValue reports whether e makes a Validation: T{}, &T{}, new(T).
func isValidationValue(e ast.Expr, isValidation func(ast.Expr) bool) bool {
	switch e := e.(type) {
	case *ast.CompositeLit:
		return isValidation(e.Type)
	case *ast.UnaryExpr:
		return e.Op == token.AND && isValidationValue(e.X, isValidation)
	case *ast.CallExpr:
		id, ok := e.Fun.(*ast.Ident)
		return ok && id.Name == "new" && len(e.Args) == 1 && isValidation(e.Args[0])
	}
	return false
}

func (s *scanner) closureKey(sf *srcFile, obj *ast.Object) funcKey {
	line := 0
	if n, ok := obj.Decl.(ast.Node); ok {
		line = s.fset.Position(n.Pos()).Line
	}
	return funcKey{sf.pkg, obj.Name + "@" + sf.rel + ":" + strconv.Itoa(line)}
}

// paramOf is the parameter e names, if it names one.
func (s *scanner) paramOf(e ast.Expr) (param, bool) {
	id, ok := e.(*ast.Ident)
	if !ok || id.Obj == nil {
		return param{}, false
	}
	p, ok := s.params[id.Obj]
	return p, ok
}

// callee is the function a call calls, as far as the file tells.
func (s *scanner) callee(sf *srcFile, c *ast.CallExpr) (funcKey, bool) {
	switch fn := c.Fun.(type) {
	case *ast.Ident:
		if fn.Obj != nil && fn.Obj.Kind == ast.Var {
			return s.closureKey(sf, fn.Obj), true
		}
		return funcKey{sf.pkg, fn.Name}, true
	case *ast.SelectorExpr:
		if x, ok := fn.X.(*ast.Ident); ok {
			if dir, ok := sf.imports[x.Name]; ok && x.Obj == nil {
				return funcKey{dir, fn.Sel.Name}, true
			}
			if x.Obj != nil && sf.valid[x.Obj] {
				return funcKey{platformPkg, "." + fn.Sel.Name}, true
			}
		}
		return funcKey{sf.pkg, "." + fn.Sel.Name}, true
	}
	return funcKey{}, false
}

// typeName is the name of e when e is one of platform's types.
func (s *scanner) typeName(sf *srcFile, e ast.Expr) string {
	switch e := e.(type) {
	case *ast.SelectorExpr:
		if x, ok := e.X.(*ast.Ident); ok && sf.imports[x.Name] == platformPkg {
			return e.Sel.Name
		}
	case *ast.Ident:
		if sf.pkg == platformPkg {
			return e.Name
		}
	case *ast.StarExpr:
		return s.typeName(sf, e.X)
	}
	return ""
}

// eachSlot calls fn with every expression in a message slot.
func (s *scanner) eachSlot(fn func(sf *srcFile, e ast.Expr, what string)) {
	for _, sf := range s.files {
		ast.Inspect(sf.f, func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.CallExpr:
				k, ok := s.callee(sf, n)
				if !ok {
					return true
				}
				if i, ok := s.slots[k]; ok && i < len(n.Args) {
					fn(sf, n.Args[i], strings.TrimPrefix(k.name, ".")+"'s message")
				}
			case *ast.CompositeLit:
				if arr, ok := n.Type.(*ast.ArrayType); ok && s.typeName(sf, arr.Elt) == "FieldError" {
					for _, el := range n.Elts { // []platform.FieldError{{Field: …, Message: …}}
						if inner, ok := el.(*ast.CompositeLit); ok && inner.Type == nil {
							messageOf(inner, sf, fn)
						}
					}
				}
				switch s.typeName(sf, n.Type) {
				case "Error", "FieldError", "Text":
					messageOf(n, sf, fn)
				}
			}
			return true
		})
	}
}

// messageOf is the message slot of an Error, FieldError or Text literal:
// its Key when it has one, else its Message.
func messageOf(c *ast.CompositeLit, sf *srcFile, fn func(*srcFile, ast.Expr, string)) {
	var key, msg ast.Expr
	for _, el := range c.Elts {
		kv, ok := el.(*ast.KeyValueExpr)
		if !ok {
			continue
		}
		switch k, _ := kv.Key.(*ast.Ident); {
		case k == nil:
		case k.Name == "Key":
			key = kv.Value
		case k.Name == "Message":
			msg = kv.Value
		}
	}
	switch {
	case key != nil:
		fn(sf, key, "Key")
	case msg != nil:
		fn(sf, msg, "Message")
	}
}

func literal(e ast.Expr) (string, bool) {
	switch e := e.(type) {
	case *ast.BasicLit:
		if e.Kind != token.STRING {
			return "", false
		}
		s, err := strconv.Unquote(e.Value)
		return s, err == nil
	case *ast.BinaryExpr: // "a" + "b" across lines
		if e.Op != token.ADD {
			return "", false
		}
		a, ok1 := literal(e.X)
		b, ok2 := literal(e.Y)
		return a + b, ok1 && ok2
	case *ast.ParenExpr:
		return literal(e.X)
	}
	return "", false
}

// The scanner finds the messages of every way of building an error in
// testdata/scan (listed in its want.txt), and reports each slot marked
// "problem" there, and nothing else.
func TestScannerSeesEveryWayOfBuildingAnError(t *testing.T) {
	root := filepath.Join("testdata", "scan")
	used, problems := domainMessages(t, root)
	b, err := os.ReadFile(filepath.Join(root, "want.txt"))
	if err != nil {
		t.Fatal(err)
	}
	want := strings.Split(strings.TrimSpace(string(b)), "\n")
	var got []string
	for k := range used {
		got = append(got, k)
	}
	slices.Sort(got)
	if !slices.Equal(got, want) {
		t.Errorf("messages found:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	var wantProblems []string
	src, err := os.ReadFile(filepath.Join(root, "internal", "shop", "shop.go"))
	if err != nil {
		t.Fatal(err)
	}
	for i, line := range strings.Split(string(src), "\n") {
		if strings.HasSuffix(line, "// problem") {
			wantProblems = append(wantProblems, "internal/shop/shop.go:"+strconv.Itoa(i+1))
		}
	}
	var gotProblems []string
	for _, p := range problems {
		at, _, _ := strings.Cut(p, ": ")
		gotProblems = append(gotProblems, at)
	}
	slices.Sort(gotProblems)
	slices.Sort(wantProblems)
	if !slices.Equal(gotProblems, wantProblems) {
		t.Errorf("problems:\n%s\nwant at:\n%s", strings.Join(problems, "\n"), strings.Join(wantProblems, "\n"))
	}
}
