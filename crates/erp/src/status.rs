//! The decoding of OData enum member names (`In_x0020_Review` -> "In Review"),
//! shared by the OData-speaking connectors.

/// Decodes OData's `_xHHHH_` escapes in enum member names and trims the
/// result (Business Central's metadata has members like `Expired_x0020_`).
pub fn decode_enum(member: &str) -> String {
    let mut out = String::with_capacity(member.len());
    let mut rest = member;
    while let Some(start) = rest.find("_x") {
        let candidate = &rest[start..];
        let decoded = candidate
            .get(2..6)
            .filter(|hex| {
                candidate.as_bytes().get(6) == Some(&b'_')
                    && hex.chars().all(|c| c.is_ascii_hexdigit())
            })
            .and_then(|hex| u32::from_str_radix(hex, 16).ok())
            .and_then(char::from_u32);
        match decoded {
            Some(c) => {
                out.push_str(&rest[..start]);
                out.push(c);
                rest = &rest[start + 7..];
            }
            None => {
                out.push_str(&rest[..start + 2]);
                rest = &rest[start + 2..];
            }
        }
    }
    out.push_str(rest);
    out.trim().to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn odata_enum_names_decode() {
        assert_eq!(decode_enum("In_x0020_Review"), "In Review");
        assert_eq!(decode_enum("Expired_x0020_"), "Expired");
        assert_eq!(decode_enum("_x0020_"), "");
        assert_eq!(decode_enum("Open"), "Open");
        assert_eq!(decode_enum("Odd_xZZ_name"), "Odd_xZZ_name");
    }
}
