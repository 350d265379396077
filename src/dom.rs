//! Plain DOM building for the parts of the widget that only show the core's model and are rebuilt whole on
//! every change (the suggestion card). Why not Leptos views there: a typed view tree is compiled into its
//! own build, rebuild, mount and unmount code per shape; the card built directly is about a fifth smaller,
//! logic included (docs/performance.md measures it). Text goes in as text nodes only, never as HTML.

use wasm_bindgen::JsCast;

const SVG: &str = "http://www.w3.org/2000/svg";

fn document() -> web_sys::Document {
    web_sys::window()
        .and_then(|w| w.document())
        .expect("the widget runs in a page")
}

/// An element under construction; each call appends or sets one thing and hands the element back.
pub struct El(web_sys::Element);

impl El {
    pub fn new(tag: &str) -> El {
        El(document().create_element(tag).expect("a valid tag name"))
    }

    pub fn svg(tag: &str) -> El {
        El(document()
            .create_element_ns(Some(SVG), tag)
            .expect("a valid SVG tag name"))
    }

    /// `tag` with `class` and the text `text`: the most common leaf.
    pub fn text_in(tag: &str, class: &str, text: &str) -> El {
        El::new(tag).class(class).text(text)
    }

    /// Sets `class` (nothing for ""). HTML elements only: an SVG element's `className` is read-only, so
    /// SVG gets `attr("class", …)`.
    pub fn class(self, class: &str) -> El {
        if !class.is_empty() {
            self.0.set_class_name(class);
        }
        self
    }

    pub fn attr(self, name: &str, value: &str) -> El {
        let _ = self.0.set_attribute(name, value);
        self
    }

    pub fn text(self, text: &str) -> El {
        if !text.is_empty() {
            let _ = self.0.append_with_str_1(text);
        }
        self
    }

    pub fn child(self, child: El) -> El {
        let _ = self.0.append_child(&child.0);
        self
    }

    pub fn maybe(self, child: Option<El>) -> El {
        match child {
            Some(c) => self.child(c),
            None => self,
        }
    }

    pub fn children(self, children: impl IntoIterator<Item = El>) -> El {
        for c in children {
            let _ = self.0.append_child(&c.0);
        }
        self
    }
}

/// Replaces everything in `parent` after `keep` (or everything, without it) with `children`.
pub fn replace_after(parent: &web_sys::Element, keep: Option<&web_sys::Node>, children: Vec<El>) {
    loop {
        let next = match keep {
            Some(k) => k.next_sibling(),
            None => parent.first_child(),
        };
        let Some(next) = next else { break };
        let _ = parent.remove_child(&next);
    }
    for c in children {
        let _ = parent.append_child(&c.0);
    }
}

/// Whether the `<details>` with `class` under `root` is open now (so a rebuild can keep it so).
pub fn details_open(root: &web_sys::Element, class: &str) -> bool {
    root.query_selector(&format!("details.{class}"))
        .ok()
        .flatten()
        .and_then(|d| d.dyn_into::<web_sys::HtmlDetailsElement>().ok())
        .is_some_and(|d| d.open())
}
