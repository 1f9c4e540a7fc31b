module tierform/provider-rules-extract

go 1.19
