package member

import (
	"strings"
	"time"
	"unicode/utf8"

	"troika/internal/fault"
	"troika/internal/i18n"
	"troika/internal/idcard"
	"troika/internal/personal"
	"troika/internal/xlsx"
)

// label is the Chinese name of an input field.
func label(field string) string { return i18n.T("member.field." + field) }

// parsed is a validated input: the record to write and what it encodes.
type parsed struct {
	rec      record
	idNumber string // normalized 18-digit number ("" on edit when kept)
	phone    string // normalized ("" when none or kept)
}

// checker validates inputs against a fixed "today" (Shanghai date) with a
// keyring for sealing and hashing.
type checker struct {
	keys  *personal.Keyring
	now   time.Time // for idcard.Parse
	today string
}

func (c checker) date(v *fault.Fields, field, s string, required bool) string {
	s = strings.TrimSpace(s)
	if s == "" {
		if required {
			v.Add(field, label(field), i18n.T("field.required"))
		}
		return ""
	}
	d, ok := xlsx.ParseDate(s)
	if !ok || d.Year() < 1900 {
		v.Add(field, label(field), i18n.T("field.date_format"))
		return ""
	}
	out := d.Format(day)
	if out > c.today {
		v.Add(field, label(field), i18n.T("field.date_future"))
		return ""
	}
	return out
}

func maxLen(v *fault.Fields, field, s string, n int) string {
	s = strings.TrimSpace(s)
	if utf8.RuneCountInString(s) > n {
		v.Add(field, label(field), i18n.T("field.max_len", n))
	}
	return s
}

// parseGender reads male/female or 男/女.
func parseGender(s string) (idcard.Gender, bool) {
	switch strings.TrimSpace(s) {
	case "male", "男", "男性":
		return idcard.Male, true
	case "female", "女", "女性":
		return idcard.Female, true
	}
	return "", false
}

// check validates in. stored is the member's current ID number on edit
// (used when in.IDNumber is empty); on create it is "".
func (c checker) check(in *Input, stored string) (parsed, error) {
	var v fault.Fields
	var p parsed
	r := &p.rec
	r.Name = maxLen(&v, "name", in.Name, 30)
	if r.Name == "" {
		v.Add("name", label("name"), i18n.T("field.required"))
	}
	// The ID number decides birth date and gender.
	var id idcard.ID
	idOK := false
	num := strings.TrimSpace(in.IDNumber)
	switch {
	case num != "":
		var err error
		if id, err = idcard.Parse(num, c.now); err != nil {
			v.Add("id_number", label("id_number"), err.Error())
		} else {
			idOK = true
			p.idNumber = id.Number
		}
	case stored != "":
		if sid, err := idcard.Parse(stored, c.now); err == nil {
			id, idOK = sid, true
		}
	default:
		v.Add("id_number", label("id_number"), i18n.T("field.required"))
	}
	if g := strings.TrimSpace(in.Gender); g != "" {
		gender, ok := parseGender(g)
		switch {
		case !ok:
			v.Add("gender", label("gender"), i18n.T("field.unknown_value"))
		case idOK && gender != id.Gender:
			v.Add("gender", label("gender"), i18n.T("member.gender_mismatch", id.Gender.Label()))
		}
	}
	if idOK {
		r.Gender = string(id.Gender)
		r.Birth = id.Birth.Format(day)
	}
	if b := strings.TrimSpace(in.BirthDate); b != "" {
		d, ok := xlsx.ParseDate(b)
		switch {
		case !ok:
			v.Add("birth_date", label("birth_date"), i18n.T("field.date_format"))
		case idOK && d.Format(day) != r.Birth:
			v.Add("birth_date", label("birth_date"), i18n.T("member.birth_mismatch", r.Birth))
		}
	}
	if e, ok := ParseEthnicity(in.Ethnicity); ok {
		r.Ethnicity = e
	} else if strings.TrimSpace(in.Ethnicity) == "" {
		v.Add("ethnicity", label("ethnicity"), i18n.T("field.required"))
	} else {
		v.Add("ethnicity", label("ethnicity"), i18n.T("member.ethnicity_unknown"))
	}
	if ph := strings.TrimSpace(in.Phone); ph != "" {
		if n, ok := personal.NormalizePhone(ph); ok {
			p.phone = n
		} else {
			v.Add("phone", label("phone"), i18n.T("personal.phone_invalid"))
		}
	}
	if e := strings.TrimSpace(in.Education); e != "" {
		if key, ok := ParseEducation(e); ok {
			r.Education = key
		} else {
			v.Add("education", label("education"), i18n.T("field.unknown_value"))
		}
	}
	r.Occupation = maxLen(&v, "occupation", in.Occupation, 50)
	r.JoinedOn = c.date(&v, "joined_on", in.JoinedOn, true)
	r.FullOn = c.date(&v, "full_on", in.FullOn, false)
	if r.JoinedOn != "" && r.Birth != "" && ageOn(r.Birth, r.JoinedOn) < 18 {
		v.Add("joined_on", label("joined_on"), i18n.T("member.joined_too_young"))
	}
	if r.JoinedOn != "" && r.FullOn != "" && r.FullOn < r.JoinedOn {
		v.Add("full_on", label("full_on"), i18n.T("member.full_before_joined"))
	}
	r.Category = in.Category
	switch {
	case !in.Category.Valid():
		v.Add("category", label("category"), i18n.T("field.choose"))
	case in.Category == Probationary && r.FullOn != "":
		v.Add("full_on", label("full_on"), i18n.T("member.probationary_full_on"))
	}
	r.Post = maxLen(&v, "post", in.Post, 50)
	r.HasPost = in.HasPost
	if !r.HasPost && r.Post != "" {
		v.Add("post", label("post"), i18n.T("member.post_without"))
	}
	r.Mobile = in.Mobile
	r.MobileTo = maxLen(&v, "mobile_to", in.MobileTo, 80)
	if r.Mobile && r.MobileTo == "" {
		v.Add("mobile_to", label("mobile_to"), i18n.T("member.mobile_to_required"))
	}
	if !r.Mobile {
		r.MobileTo = ""
	}
	r.Community = maxLen(&v, "community", in.Community, 50)
	r.Note = maxLen(&v, "note", in.Note, 200)
	if err := v.Err(); err != nil {
		return p, err
	}
	return p, nil
}

// seal fills the sealed, hashed and masked forms and the name key: the
// work left after validation, which an import's checking pass skips.
func (c checker) seal(p *parsed) {
	r := &p.rec
	r.NameKey = NameKey(r.Name)
	if p.idNumber != "" {
		r.IDEnc, r.IDHash, r.IDMask = c.keys.Seal(p.idNumber), IDHash(c.keys, p.idNumber), personal.MaskID(p.idNumber)
	}
	if p.phone != "" {
		r.PhoneEnc, r.PhoneHash, r.Phone = c.keys.Seal(p.phone), PhoneHash(c.keys, p.phone), personal.MaskPhone(p.phone)
	}
}

// IDHash is the keyed hash of a normalized ID number, for lookup.
func IDHash(k *personal.Keyring, number string) string { return k.Hash("id", number) }

// PhoneHash is the keyed hash of a normalized phone, for lookup.
func PhoneHash(k *personal.Keyring, phone string) string { return k.Hash("phone", phone) }
