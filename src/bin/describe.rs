//! Prints every description as JSON (see `src/describe.rs`), for `scripts/gen/`.

fn main() {
    println!("{}", bk_itsm_tickets::describe::json());
}
