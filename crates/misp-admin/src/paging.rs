//! The one place admin list operations meet the client's paging: each paged list implements
//! misp-api's [`Paged`] (a page that is not full is the last: these endpoints send no total),
//! and [`paginate`] walks its pages with a default page size.

use misp_api::Paged;
use misp_client::{Client, ItemStream};

/// The page size the client walks admin lists with when the caller set none.
pub(crate) const PAGE: u32 = 100;

/// Streams every item of a paged list, page after page until a short one.
pub(crate) fn paginate<E>(client: &Client, op: E) -> ItemStream<E::Item>
where
    E: Paged + Send + Sync + 'static,
    E::Item: Send + 'static,
{
    let op = match op.requested_page_size() {
        Some(_) => op,
        None => op.for_page(op.requested_page().unwrap_or(1), PAGE),
    };
    client.paginate(op)
}

/// Makes a list operation with `page` and `limit` fields [`misp_api::Streamable`] (its items
/// at the root, each wrapped in `$key`) and [`Paged`].
/// `paged_list!(Op, Item)` streams the root array's elements whole (for an item type that
/// reads the wrapper and its siblings itself).
macro_rules! paged_list {
    ($op:ty, $item:ty, $key:literal) => {
        impl misp_api::Streamable for $op {
            type Item = $item;
            fn items_at(&self) -> misp_api::ItemsAt {
                misp_api::ItemsAt::root().unwrap($key)
            }
        }
        crate::paging::paged_list!(@paged $op);
    };
    ($op:ty, $item:ty) => {
        impl misp_api::Streamable for $op {
            type Item = $item;
            fn items_at(&self) -> misp_api::ItemsAt {
                misp_api::ItemsAt::root()
            }
        }
        crate::paging::paged_list!(@paged $op);
    };
    (@paged $op:ty) => {

        impl misp_api::Paged for $op {
            fn requested_page_size(&self) -> Option<u32> {
                self.limit
            }
            fn requested_page(&self) -> Option<u32> {
                self.page
            }
            fn for_page(&self, page: u32, limit: u32) -> Self {
                let mut op = self.clone();
                op.page = Some(page);
                op.limit = Some(limit);
                op
            }
            fn more_after(&self, page: &misp_api::PageSeen<'_>) -> bool {
                misp_api::paged::more_after_full_page(page)
            }
        }
    };
}
pub(crate) use paged_list;
