//! The macro that declares an operation: its struct, method, path, body and decoding.

/// Declares an operation struct and its [`crate::wire::Operation`] implementation.
///
/// Forms: `pub struct X;` (no argument), `pub struct X(pub field: T);` (one argument, with a
/// `new(impl Into<T>)` constructor), or `pub struct X { pub a: A, ... }` (constructor written
/// beside it). Then: `METHOD |s| path-expression => Output: reply_helper(args)`, optionally
/// followed by `; body |s| expr` and `; idempotency |s| expr`.
///
/// Exported for the crates that declare more operations on the same seam (misp-admin); the
/// expansion uses `$crate` paths only.
#[doc(hidden)]
#[macro_export]
macro_rules! op {
    (@impl $name:ident, $method:ident, $s:ident, $path:expr, $out:ty, $dec:ident ( $($arg:expr),* )
        $(, body $bs:ident $body:expr)? $(, idem $is:ident $idem:expr)?) => {
        impl $crate::wire::Operation for $name {
            type Output = $out;
            fn method(&self) -> $crate::__http::Method {
                $crate::__http::Method::$method
            }
            fn path(&self) -> String {
                #[allow(unused_variables)]
                let $s = self;
                $path
            }
            $(
                fn body(&self) -> Result<$crate::wire::Body, $crate::BuildError> {
                    let $bs = self;
                    $body
                }
            )?
            fn decode_reply(&self, reply: $crate::wire::Reply) -> Result<$out, $crate::ApiError> {
                reply.$dec($($arg),*)
            }
            $(
                fn idempotency_class(&self) -> $crate::Idempotency {
                    #[allow(unused_variables)]
                    let $is = self;
                    $idem
                }
            )?
        }
    };
    (
        $(#[$meta:meta])*
        pub struct $name:ident;
        $method:ident |$s:ident| $path:expr => $out:ty : $dec:ident ( $($arg:expr),* )
        $(; body |$bs:ident| $body:expr )?
        $(; idempotency |$is:ident| $idem:expr )?
    ) => {
        $(#[$meta])*
        #[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
        pub struct $name;
        $crate::op!(@impl $name, $method, $s, $path, $out, $dec($($arg),*) $(, body $bs $body)? $(, idem $is $idem)?);
    };
    (
        $(#[$meta:meta])*
        pub struct $name:ident ( $(#[$fmeta:meta])* pub $field:ident : $fty:ty );
        $method:ident |$s:ident| $path:expr => $out:ty : $dec:ident ( $($arg:expr),* )
        $(; body |$bs:ident| $body:expr )?
        $(; idempotency |$is:ident| $idem:expr )?
    ) => {
        $(#[$meta])*
        #[derive(Clone, Debug, PartialEq)]
        pub struct $name {
            $(#[$fmeta])*
            pub $field: $fty,
        }
        impl $name {
            #[doc = concat!("A `", stringify!($name), "` for the given `", stringify!($field), "`.")]
            pub fn new($field: impl Into<$fty>) -> Self {
                $name { $field: $field.into() }
            }
        }
        $crate::op!(@impl $name, $method, $s, $path, $out, $dec($($arg),*) $(, body $bs $body)? $(, idem $is $idem)?);
    };
    (
        $(#[$meta:meta])*
        pub struct $name:ident { $( $(#[$fmeta:meta])* pub $field:ident : $fty:ty ),* $(,)? }
        $method:ident |$s:ident| $path:expr => $out:ty : $dec:ident ( $($arg:expr),* )
        $(; body |$bs:ident| $body:expr )?
        $(; idempotency |$is:ident| $idem:expr )?
    ) => {
        $(#[$meta])*
        #[derive(Clone, Debug, PartialEq)]
        pub struct $name {
            $( $(#[$fmeta])* pub $field: $fty, )*
        }
        $crate::op!(@impl $name, $method, $s, $path, $out, $dec($($arg),*) $(, body $bs $body)? $(, idem $is $idem)?);
    };
}

pub(crate) use crate::op;
