use super::*;

#[test]
fn the_template_holds_every_marker_once_and_the_assets_cannot_end_their_element() {
    for m in [CSS_MARKER, DATA_MARKER, JS_MARKER] {
        assert_eq!(TEMPLATE.matches(m).count(), 1, "{m} in report.html");
    }
    for (name, text, closer) in [
        ("report.css", CSS, "</style"),
        ("report.js", JS, "</script"),
    ] {
        let lower = text.to_ascii_lowercase();
        assert!(!lower.contains(closer), "{name} holds {closer}");
        assert!(!text.contains("<!--"), "{name} holds <!--");
    }
}

#[test]
fn the_data_goes_between_the_markers_and_no_marker_text_is_replaced_twice() {
    let data = embed(&serde_json::json!({"m": "/*TLSKIT_JS*/ </script><!--<script>"}));
    assert!(!data.contains('<'));
    let page = assemble(&data);
    assert!(page.contains(&data));
    assert!(page.contains(CSS) && page.contains(JS));
    // The JS marker inside the data stays data; the template's one is filled.
    assert_eq!(
        page.matches(JS_MARKER).count(),
        1 + JS.matches(JS_MARKER).count()
    );
    let start = page.find("id=\"tlskit-data\">").unwrap();
    let rest = &page[start..];
    let end = rest.find("</script>").unwrap();
    let json: serde_json::Value =
        serde_json::from_str(&rest["id=\"tlskit-data\">".len()..end]).unwrap();
    assert_eq!(json["m"], "/*TLSKIT_JS*/ </script><!--<script>");
}

#[test]
fn long_lines_are_cut_around_the_column() {
    let s = snippet(&Line::new("key = value"), 7);
    assert_eq!(
        (s.text.as_str(), s.column, s.cut_before, s.cut_after),
        ("key = value", 7, false, false)
    );
    let line = format!("{}X{}", "a".repeat(1000), "b".repeat(1000));
    let s = snippet(&Line::new(&line), 1001);
    assert_eq!(s.text.chars().count(), SNIPPET_MAX);
    assert_eq!(s.text.chars().nth(s.column - 1), Some('X'));
    assert!(s.cut_before && s.cut_after);
    let s = snippet(&Line::new(&line), 2000);
    assert!(s.cut_before && !s.cut_after);
    assert_eq!(s.column, 2000 - (2001 - SNIPPET_MAX));
    // Characters, not bytes; the column clamped to the line.
    let line = format!("{}é{}", "é".repeat(300), "ü".repeat(300));
    let s = snippet(&Line::new(&line), 301);
    assert_eq!(s.text.chars().nth(s.column - 1), Some('é'));
    assert_eq!(snippet(&Line::new("ab"), 99).column, 3);
    assert_eq!(snippet(&Line::new("ab"), 0).column, 1);
}

#[test]
fn the_deployment_is_named_by_its_first_path() {
    let n = |p: &str| deployment_name(&[PathBuf::from(p)]);
    assert_eq!(n("testdata/genesys-lab"), "genesys-lab");
    assert_eq!(n("testdata/genesys-lab/"), "genesys-lab");
    assert_eq!(n("testdata/genesys-lab/export/.."), "genesys-lab");
    let here = std::env::current_dir().unwrap();
    assert_eq!(n("."), here.file_name().unwrap().to_string_lossy());
}
