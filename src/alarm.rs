//! Sleeping in the browser without blocking: a plain timed sleep, and an `Alarm` whose sleep can be ended
//! early, so the sender waits for the next due entry yet reacts at once to a new ticket or "Retry now".

use std::cell::{Cell, RefCell};

use wasm_bindgen::JsValue;

/// Resolves after `ms`.
pub async fn sleep_ms(ms: u32) {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        if let Some(w) = web_sys::window() {
            let _ = w.set_timeout_with_callback_and_timeout_and_arguments_0(
                &resolve,
                ms.min(i32::MAX as u32) as i32,
            );
        }
    });
    let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
}

/// A sleep that `wake` ends early.
#[derive(Default)]
pub struct Alarm {
    resolve: RefCell<Option<js_sys::Function>>,
    /// Set by a wake that came while the loop was busy, so it is not lost.
    pending: Cell<bool>,
}

impl Alarm {
    pub async fn sleep(&self, ms: u32) {
        if self.pending.replace(false) {
            return;
        }
        let promise = js_sys::Promise::new(&mut |resolve, _| {
            if let Some(w) = web_sys::window() {
                let _ = w.set_timeout_with_callback_and_timeout_and_arguments_0(
                    &resolve,
                    ms.min(i32::MAX as u32) as i32,
                );
            }
            *self.resolve.borrow_mut() = Some(resolve);
        });
        let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
        self.resolve.borrow_mut().take();
    }

    pub fn wake(&self) {
        match self.resolve.borrow_mut().take() {
            Some(f) => {
                let _ = f.call0(&JsValue::NULL);
            }
            None => self.pending.set(true),
        }
    }
}
