package rating

import _ "embed"

// OpenAPI is this package's part of the API document.
//
//go:embed openapi.json
var OpenAPI []byte
