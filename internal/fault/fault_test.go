package fault_test

import (
	"encoding/json"
	"errors"
	"fmt"
	"testing"

	"troika/internal/fault"
)

func TestCodeOfAndAs(t *testing.T) {
	e := fault.New(fault.NotFound, "组织%s不存在", "东风")
	if e.Error() != "组织东风不存在" || e.Code != fault.NotFound {
		t.Fatalf("New: %+v", e)
	}
	wrapped := fmt.Errorf("loading: %w", e)
	if fault.CodeOf(wrapped) != fault.NotFound {
		t.Errorf("CodeOf(wrapped) = %s", fault.CodeOf(wrapped))
	}
	if got, ok := fault.As(wrapped); !ok || got != e {
		t.Errorf("As(wrapped) = %v, %v", got, ok)
	}
	if fault.CodeOf(errors.New("disk on fire")) != fault.Internal {
		t.Error("a plain error is not Internal")
	}
	if fault.CodeOf(nil) != fault.Internal {
		t.Error("CodeOf(nil)")
	}
	if _, ok := fault.As(errors.New("x")); ok {
		t.Error("As of a plain error")
	}
	// The format is a format: a message holding % is passed as an argument.
	if got := fault.New(fault.Invalid, "%s", "100%完成").Error(); got != "100%完成" {
		t.Errorf("message %q", got)
	}
}

func TestFields(t *testing.T) {
	var v fault.Fields
	if v.Err() != nil || v.Has("name") || len(v.List()) != 0 {
		t.Fatal("empty Fields is not empty")
	}
	v.Add("name", "姓名", "不能为空")
	v.AddRow(2, "code", "编码", "已被使用")
	if !v.Has("name") || !v.Has("code") || v.Has("other") || len(v.List()) != 2 {
		t.Fatalf("Fields %+v", v.List())
	}
	err := v.Err()
	e, ok := fault.As(err)
	if !ok || e.Code != fault.Invalid || len(e.Fields) != 2 {
		t.Fatalf("Err() = %#v", err)
	}
	if want := "输入有误：「姓名」不能为空；第2行 「编码」已被使用"; err.Error() != want {
		t.Errorf("Error() = %q, want %q", err.Error(), want)
	}
	if e.Message != "输入有误" {
		t.Errorf("Message = %q", e.Message)
	}
	b, _ := json.Marshal(e)
	want := `{"code":"invalid","message":"输入有误","fields":[{"field":"name","label":"姓名","message":"不能为空"},{"row":2,"field":"code","label":"编码","message":"已被使用"}]}`
	if string(b) != want {
		t.Errorf("JSON %s\nwant %s", b, want)
	}
	// A field error without a label is just its message.
	if s := (fault.FieldError{Field: "x", Message: "有误"}).String(); s != "有误" {
		t.Errorf("String() = %q", s)
	}
}
