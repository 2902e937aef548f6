//! Hostile input, push: secrets never printed, credentials never sent in clear, WebSub announcements survive a kill.

#[allow(unused_imports)]
use crate::common;
