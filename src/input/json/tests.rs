use super::*;
use crate::input::source::Sources;
use std::path::Path;

fn with_doc<T>(text: &str, f: impl FnOnce(Result<Doc<'_>, JsonError>) -> T) -> T {
    let mut sources = Sources::default();
    let id = sources.add(Path::new("x.json"), "x.json".into(), text.to_string());
    f(parse(id, sources.get(id)))
}

#[test]
fn values_remember_their_lines() {
    with_doc(
        "{\n  \"a\": {\n    \"b\": \"x\\u00e9\",\n    \"n\": 12\n  }\n}",
        |doc| {
            let doc = doc.unwrap();
            let a = doc.root().get("a").unwrap();
            let b = a.get("b").unwrap();
            assert_eq!(b.as_str().unwrap(), "xé");
            let s = b.span();
            assert_eq!((s.line, s.col), (3, 10));
            assert_eq!(a.get("n").unwrap().text().unwrap(), "12");
        },
    );
}

#[test]
fn columns_count_characters_on_a_long_line() {
    with_doc("{\"é\": \"ü\", \"k\": \"v\"}", |doc| {
        let doc = doc.unwrap();
        let v = doc.root().get("k").unwrap();
        assert_eq!((v.span().col, v.inner_span().col), (17, 18));
    });
}

#[test]
fn nesting_bombs_and_garbage_are_errors() {
    let bomb = "[".repeat(100_000);
    with_doc(&bomb, |d| {
        assert!(d.err().unwrap().message.contains("nesting"))
    });
    for bad in [
        "{\"a\":1,}",
        "{\"a\":1} x",
        "\"abc",
        "",
        "{\"a\" 1}",
        "[1 2]",
    ] {
        with_doc(bad, |d| assert!(d.is_err(), "{bad}"));
    }
    with_doc("{\n  \"a\": tru\n}", |d| {
        let e = d.err().unwrap();
        assert_eq!((e.line, e.col), (2, 8), "{e:?}");
    });
}

#[test]
fn content_digests_ignore_layout_and_member_order() {
    let digest = |t: &str| with_doc(t, |d| d.unwrap().root().content_digest());
    let a = digest("{\"x\":[1,2],\"y\":\"z\"}");
    assert_eq!(a, digest("{\n \"y\": \"z\",\n \"x\": [1, 2]\n}"));
    assert_ne!(a, digest("{\"y\":\"z\",\"x\":[2,1]}"));
    assert_ne!(a, digest("{\"x\":[1,2]}"));
}

#[test]
fn members_and_items_walk_past_nested_values() {
    with_doc(
        "{\"a\": {\"deep\": [1, {\"x\": 2}]}, \"b\": [true, null], \"c\": \"\"}",
        |doc| {
            let doc = doc.unwrap();
            let names: Vec<String> = doc
                .root()
                .members()
                .map(|(k, _)| k.name().into_owned())
                .collect();
            assert_eq!(names, ["a", "b", "c"]);
            let b: Vec<Kind> = doc
                .root()
                .get("b")
                .unwrap()
                .items()
                .map(|v| v.kind())
                .collect();
            assert_eq!(b, [Kind::Bool, Kind::Null]);
            assert_eq!(doc.root().get("c").unwrap().as_str().unwrap(), "");
        },
    );
}
