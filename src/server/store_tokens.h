// SPDX-License-Identifier: Apache-2.0
// A TokenStore over the store's token records (store/store.h): what `tandem serve` uses.
#pragma once

#include <memory>

#include "server/auth.h"

namespace tandem::store {
class Store;
}

namespace tandem::server {

// `store` must outlive the TokenStore.
std::unique_ptr<TokenStore> make_store_token_store(store::Store& store);

}  // namespace tandem::server
